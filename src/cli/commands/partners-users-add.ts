import { readFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { requireString, usageError, withRuntime } from '../command.js';
import { parseCount, positionalsExactly } from '../options.js';
import { addPartnerUser } from '../../core/partners/users/add-partner-user.js';

/**
 * The password comes from a file, never the command line (which `ps` and shell history show to
 * others); one trailing line break, as `echo` or an editor leaves it, is not part of it.
 */
function readPassword(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw usageError('password-file', `cannot read --password-file ${path}: ${(err as Error).message}`);
  }
}

export const partnersUsersAdd: Command = {
  words: ['partners', 'users', 'add'],
  usage: 'hostplane partners users add PARTNER_ID --email E --password-file F [--json]   a person who logs in to the panel for the partner',
  positionals: ['partner_id'],
  options: { email: { type: 'string' }, 'password-file': { type: 'string' } },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, ['partner_id']);
    const partnerId = parseCount(positionals[0]!, 'partner_id', 1, 2_147_483_647, 'PARTNER_ID');
    const email = requireString(values, 'email');
    const password = readPassword(requireString(values, 'password-file'));
    const user = await withRuntime({ io, actor }, ({ ctx }) => addPartnerUser(ctx, { partnerId, email, password }));
    out.result(
      { id: user.id, partner_id: user.partner_id, email: user.email, created_at: user.created_at },
      `added ${user.email} to partner ${user.partner_id}; they log in at /panel/login`,
    );
  },
};
