import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly, resolveUser } from '../options.js';
import { userView } from '../views.js';
import { setUserDisabled } from '../../core/accounts/set-user-disabled.js';

export const usersDisable: Command = {
  words: ['users', 'disable'],
  usage: 'hostplane users disable ID|USERNAME [--json]   no more logins, and its tokens stop working (its services keep running)',
  positionals: ['user'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['user']);
    const user = await withRuntime({ io, actor }, async ({ ctx }) =>
      setUserDisabled(ctx, { userId: (await resolveUser(ctx, positionals[0]!)).id, disabled: true }));
    out.result(userView(user), `user ${user.id} (${user.username}) disabled since ${user.disabled_at}`);
  },
};
