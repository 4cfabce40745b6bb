import type { Command } from '../command.js';
import { requireString, withRuntime } from '../command.js';
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
  async run({ values, out }) {
    const input = {
      username: requireString(values, 'username'),
      password: requireString(values, 'password'),
      email: values.email as string | undefined,
      name: values.name as string | undefined,
      postpaid: values.postpaid === true,
    };
    const user = await withRuntime(({ ctx }) => createUser(ctx, input));
    out.result({ id: user.id }, String(user.id));
  },
};
