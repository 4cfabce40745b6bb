import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { euros, optionalString, pageFrom, pageOptions, positionalsExactly, resolveUser, table } from '../options.js';
import { listInvoices } from '../../core/billing/list-invoices.js';

export const invoicesList: Command = {
  words: ['invoices', 'list'],
  usage: 'hostplane invoices list [--user ID|USERNAME] [--unpaid] [--limit N] [--offset N] [--json]',
  options: { user: { type: 'string' }, unpaid: { type: 'boolean' }, ...pageOptions },
  async run({ values, positionals, out }) {
    positionalsExactly(positionals, []);
    const page = pageFrom(values);
    const result = await withRuntime(async ({ ctx }) => {
      const user = optionalString(values, 'user');
      const userId = user === undefined ? undefined : (await resolveUser(ctx, user)).id;
      return listInvoices(ctx, { userId, unpaid: values.unpaid === true, page });
    });
    const data = result.items.map(({ invoice: i, items }) => ({
      id: i.id,
      user_id: i.user_id,
      ref_number: i.ref_number,
      date: i.date,
      due_date: i.due_date,
      total: i.total_cents / 100,
      paid: i.paid === 1,
      date_paid: i.date_paid,
      payment_method: i.payment_method,
      delivery_method: i.delivery_method,
      recipient: recipientOf(i),
      items: items.map((l) => ({
        description: l.description, qty: l.qty, sub_total: l.sub_total_cents / 100, total: l.total_cents / 100,
        tax_rate: l.tax_rate_bp / 100,
      })),
    }));
    out.result(
      { data, meta: { ...page, count: data.length, total: result.total } },
      () => table([
        ['ID', 'USER', 'REF', 'DATE', 'DUE', 'TOTAL', 'PAID', 'RECIPIENT'],
        ...result.items.map(({ invoice: i }) => [
          String(i.id), String(i.user_id), i.ref_number, i.date, i.due_date, euros(i.total_cents),
          i.paid ? (i.date_paid ?? 'yes') : 'no', recipientOf(i),
        ]),
      ]) + `\n${data.length} of ${result.total}`,
    );
  },
};

/** Who an invoice is to, for the operator: the person, the company, or both ("Reseller Oy" for a partner). */
function recipientOf(i: { recipient_name: string; recipient_company_name: string }): string {
  return [i.recipient_company_name, i.recipient_name].filter(Boolean).join(' / ');
}
