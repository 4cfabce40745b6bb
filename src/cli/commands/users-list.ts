import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { pageFrom, pageOptions, positionalsExactly, table } from '../options.js';
import { listUsers } from '../../core/accounts/list-users.js';

export const usersList: Command = {
  words: ['users', 'list'],
  usage: 'hostplane users list [--limit N] [--offset N] [--json]',
  options: { ...pageOptions },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const page = pageFrom(values);
    const result = await withRuntime({ io, actor }, ({ ctx }) => listUsers(ctx, { page }));
    out.result(
      { data: result.items, meta: { ...page, count: result.items.length, total: result.total } },
      () => table([
        ['ID', 'USERNAME', 'EMAIL', 'NAME', 'POSTPAID', 'CREATED'],
        ...result.items.map((u) => [String(u.id), u.username, u.email, u.name, u.postpaid ? 'yes' : 'no', u.created_at]),
      ]) + `\n${result.items.length} of ${result.total}`,
    );
  },
};
