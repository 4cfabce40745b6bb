import type { Command } from '../command.js';
import { requireString, withRuntime } from '../command.js';
import { createPartner } from '../../core/partners/create-partner.js';

export const partnersCreate: Command = {
  words: ['partners', 'create'],
  usage:
    'hostplane partners create --name N [--json]\n' +
    '      a reseller partner for the partner API: prints its API key, client id and client secret ONCE',
  options: { name: { type: 'string' } },
  async run({ values, out, io, actor }) {
    const name = requireString(values, 'name');
    const created = await withRuntime({ io, actor }, ({ ctx }) => createPartner(ctx, { name }));
    out.result(
      { id: created.partner.id, api_key: created.apiKey, client_id: created.clientId, client_secret: created.clientSecret },
      () =>
        [
          `partner ${created.partner.id} (${created.partner.name})`,
          `api key:       ${created.apiKey}`,
          `client id:     ${created.clientId}`,
          `client secret: ${created.clientSecret}`,
          'Keep these now: only their hashes are stored.',
        ].join('\n'),
    );
  },
};
