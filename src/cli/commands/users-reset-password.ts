import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { optionalString, positionalsExactly, resolveUser } from '../options.js';
import { resetPassword } from '../../core/accounts/reset-password.js';

export const usersResetPassword: Command = {
  words: ['users', 'reset-password'],
  usage:
    'hostplane users reset-password ID|USERNAME [--password P] [--json]\n' +
    '      a new password: P, or a generated one printed once; forgets the failed logins and ends the account\'s sessions',
  options: { password: { type: 'string' } },
  positionals: ['user'],
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, ['user']);
    const password = optionalString(values, 'password');
    const { user, password: set, generated } = await withRuntime({ io, actor }, async ({ ctx }) =>
      resetPassword(ctx, { userId: (await resolveUser(ctx, positionals[0]!)).id, password }));
    // A password the operator typed is not echoed back; a generated one is the whole point.
    out.result(
      { id: user.id, username: user.username, ...(generated ? { password: set } : {}) },
      generated ? `new password for ${user.username}: ${set}` : `password of ${user.username} changed`,
    );
  },
};
