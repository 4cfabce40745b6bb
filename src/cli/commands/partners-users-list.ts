import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { parseCount, positionalsExactly, table } from '../options.js';
import { listPartnerUsers } from '../../core/partners/users/list-partner-users.js';

export const partnersUsersList: Command = {
  words: ['partners', 'users', 'list'],
  usage: 'hostplane partners users list PARTNER_ID [--json]   the people who log in to the panel for the partner',
  positionals: ['partner_id'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['partner_id']);
    const partnerId = parseCount(positionals[0]!, 'partner_id', 1, 2_147_483_647, 'PARTNER_ID');
    const users = await withRuntime({ io, actor }, ({ ctx }) => listPartnerUsers(ctx, partnerId));
    const rows = users.map((u) => ({ id: u.id, partner_id: u.partner_id, email: u.email, created_at: u.created_at }));
    out.result({ data: rows }, () =>
      rows.length === 0 ? 'no users' : table([['ID', 'EMAIL', 'CREATED'], ...rows.map((u) => [String(u.id), u.email, u.created_at])]),
    );
  },
};
