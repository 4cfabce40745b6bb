import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { optionalString, pageFrom, pageOptions, positionalsExactly, resolveUser, table, usersById } from '../options.js';
import { domainView } from '../views.js';
import { DOMAIN_STATUSES, listAllDomains } from '../../core/domains/list-all-domains.js';

export const domainsList: Command = {
  words: ['domains', 'list'],
  usage:
    `hostplane domains list [--user ID|USERNAME] [--status ${DOMAIN_STATUSES.join('|')}] [--limit N] [--offset N] [--json]\n` +
    '      every account\'s domains, oldest first; the live ones unless --status names another',
  options: { user: { type: 'string' }, status: { type: 'string' }, ...pageOptions },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const page = pageFrom(values);
    const { result, owners } = await withRuntime({ io, actor }, async ({ ctx }) => {
      const user = optionalString(values, 'user');
      const userId = user === undefined ? undefined : (await resolveUser(ctx, user)).id;
      const result = await listAllDomains(ctx, { userId, status: optionalString(values, 'status'), page });
      return { result, owners: await usersById(ctx, result.items.map((d) => d.user_id)) };
    });
    const data = result.items.map((d) => domainView(d, owners.get(d.user_id)));
    out.result(
      { data, meta: { ...page, count: data.length, total: result.total } },
      () => table([
        ['ID', 'NAME', 'USER', 'STATUS', 'EXPIRES', 'RENEW'],
        ...data.map((d) => [String(d.id), d.name_unicode, d.username ?? String(d.user_id), d.status, d.exp_date ?? '', d.renew ? 'yes' : 'no']),
      ]) + `\n${data.length} of ${result.total}`,
    );
  },
};
