import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { contactView, domainView } from '../views.js';
import { findDomain } from '../../core/domains/find-domain.js';

export const domainsShow: Command = {
  words: ['domains', 'show'],
  usage: 'hostplane domains show NAME [--json]   a live domain: owner, dates, name servers, registrant',
  positionals: ['name'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['name']);
    const { domain, owner, registrant } = await withRuntime({ io, actor }, ({ ctx }) => findDomain(ctx, positionals[0]!));
    const data = { ...domainView(domain, owner), registrant: registrant ? contactView(registrant) : null };
    out.result(data, () =>
      [
        ['id', String(data.id)],
        ['name', data.name_unicode === data.name ? data.name : `${data.name_unicode} (${data.name})`],
        ['owner', owner ? `${owner.username} (user ${owner.id})` : `user ${domain.user_id}`],
        ['status', data.status],
        ['registered', data.reg_date ?? ''],
        ['expires', data.exp_date ?? ''],
        ['renews', data.renew ? 'yes' : 'no'],
        ['ns', data.nameservers.join(', ')],
        ['registrant', registrant ? [[registrant.first_name, registrant.last_name].join(' ').trim(), registrant.company_name, registrant.email].filter(Boolean).join(', ') : ''],
      ]
        .filter(([, v]) => v !== '')
        .map(([k, v]) => `${k!.padEnd(10)} ${v}`)
        .join('\n'),
    );
  },
};
