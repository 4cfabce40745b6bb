import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { parseCount, positionalsExactly } from '../options.js';
import { addApiKey } from '../../core/partners/add-api-key.js';

export const partnersKeysAdd: Command = {
  words: ['partners', 'keys', 'add'],
  usage: 'hostplane partners keys add PARTNER_ID [--json]   a further API key (to rotate keys), printed once',
  positionals: ['partner_id'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['partner_id']);
    const partnerId = parseCount(positionals[0]!, 'partner_id', 1, 2_147_483_647, 'PARTNER_ID');
    const { key, value } = await withRuntime({ io, actor }, ({ ctx }) => addApiKey(ctx, { partnerId }));
    out.result({ id: key.id, partner_id: key.partner_id, prefix: key.prefix, api_key: value }, `api key: ${value}`);
  },
};
