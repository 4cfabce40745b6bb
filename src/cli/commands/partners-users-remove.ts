import type { Command } from '../command.js';
import { requireString, withRuntime } from '../command.js';
import { parseCount, positionalsExactly } from '../options.js';
import { removePartnerUser } from '../../core/partners/users/remove-partner-user.js';

export const partnersUsersRemove: Command = {
  words: ['partners', 'users', 'remove'],
  usage: 'hostplane partners users remove PARTNER_ID --email E [--json]   removes the person and ends their panel sessions',
  positionals: ['partner_id'],
  options: { email: { type: 'string' } },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, ['partner_id']);
    const partnerId = parseCount(positionals[0]!, 'partner_id', 1, 2_147_483_647, 'PARTNER_ID');
    const email = requireString(values, 'email');
    const user = await withRuntime({ io, actor }, ({ ctx }) => removePartnerUser(ctx, { partnerId, email }));
    out.result({ id: user.id, partner_id: user.partner_id, email: user.email }, `removed ${user.email} from partner ${user.partner_id}; their panel sessions ended`);
  },
};
