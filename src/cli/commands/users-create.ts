import type { Command } from '../command.js';
import { requireString, withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { userLine, userView } from '../views.js';
import { createUser } from '../../core/accounts/create-user.js';

export const usersCreate: Command = {
  words: ['users', 'create'],
  usage: 'hostplane users create --username U --password P [--email E] [--name N] [--postpaid] [--json]',
  options: {
    username: { type: 'string' },
    password: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    postpaid: { type: 'boolean' },
  },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const input = {
      username: requireString(values, 'username'),
      password: requireString(values, 'password'),
      email: values.email as string | undefined,
      name: values.name as string | undefined,
      postpaid: values.postpaid === true,
    };
    const user = await withRuntime({ io, actor }, ({ ctx }) => createUser(ctx, input));
    out.result(userView(user), `created user ${user.id}: ${userLine(user)}`);
  },
};
