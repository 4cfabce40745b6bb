import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly, resolveUser } from '../options.js';
import { contactView, userView } from '../views.js';
import { getAccount } from '../../core/accounts/get-account.js';

export const usersShow: Command = {
  words: ['users', 'show'],
  usage: 'hostplane users show ID|USERNAME [--json]   an account: its contact, live domains and unpaid invoices',
  positionals: ['user'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['user']);
    const account = await withRuntime({ io, actor }, async ({ ctx }) => getAccount(ctx, (await resolveUser(ctx, positionals[0]!)).id));
    const { user, contact } = account;
    const data = {
      ...userView(user),
      contact: contact ? contactView(contact) : null,
      live_domains: account.liveDomains,
      unpaid_invoices: account.unpaidInvoices,
    };
    out.result(data, () =>
      [
        ['id', String(user.id)],
        ['username', user.username],
        ['name', user.name],
        ['email', user.email],
        ['billing', user.postpaid ? 'postpaid' : 'prepaid'],
        ['partner', user.partner_id === null ? '' : `${user.partner_id} (${user.client_type ?? 'client'})`],
        ['created', user.created_at],
        ['state', user.deleted_at ? `deleted ${user.deleted_at}` : user.disabled_at ? `disabled ${user.disabled_at}` : 'active'],
        ['contact', contact ? [[contact.first_name, contact.last_name].join(' ').trim(), contact.company_name, contact.phone].filter(Boolean).join(', ') : ''],
        ['domains', `${account.liveDomains} live`],
        ['invoices', `${account.unpaidInvoices} unpaid`],
      ]
        .filter(([, v]) => v !== '')
        .map(([k, v]) => `${k!.padEnd(9)} ${v}`)
        .join('\n'),
    );
  },
};
