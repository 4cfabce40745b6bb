import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly, resolveUser } from '../options.js';
import { userView } from '../views.js';
import { setUserDisabled } from '../../core/accounts/set-user-disabled.js';

export const usersEnable: Command = {
  words: ['users', 'enable'],
  usage: 'hostplane users enable ID|USERNAME [--json]   undo users disable: the account logs in again',
  positionals: ['user'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['user']);
    const user = await withRuntime({ io, actor }, async ({ ctx }) =>
      setUserDisabled(ctx, { userId: (await resolveUser(ctx, positionals[0]!)).id, disabled: false }));
    out.result(userView(user), `user ${user.id} (${user.username}) enabled`);
  },
};
