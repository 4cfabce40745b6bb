import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { euros, optionalString, pageFrom, pageOptions, positionalsExactly, resolveUser, table, usersById } from '../options.js';
import { dunningOf, invoiceView, recipientOf } from '../views.js';
import { listInvoices } from '../../core/billing/list-invoices.js';
import { isoDate } from '../../core/dates.js';

export const invoicesList: Command = {
  words: ['invoices', 'list'],
  usage: 'hostplane invoices list [--user ID|USERNAME] [--unpaid | --overdue] [--limit N] [--offset N] [--json]\n' +
    '      --overdue: unpaid past the due date, with how far their reminders and final step have gone',
  options: { user: { type: 'string' }, unpaid: { type: 'boolean' }, overdue: { type: 'boolean' }, ...pageOptions },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const page = pageFrom(values);
    const { result, owners } = await withRuntime({ io, actor }, async ({ ctx }) => {
      const user = optionalString(values, 'user');
      const userId = user === undefined ? undefined : (await resolveUser(ctx, user)).id;
      const overdueOn = values.overdue === true ? isoDate(ctx.clock.now()) : undefined;
      const result = await listInvoices(ctx, { userId, unpaid: values.unpaid === true, overdueOn, page });
      return { result, owners: await usersById(ctx, result.items.map(({ invoice }) => invoice.user_id)) };
    });
    const data = result.items.map(({ invoice, items }) => invoiceView(invoice, items, owners.get(invoice.user_id)));
    const overdue = values.overdue === true;
    out.result(
      { data, meta: { ...page, count: data.length, total: result.total } },
      () => table([
        ['ID', 'USER', 'REF', 'DATE', 'DUE', 'TOTAL', overdue ? 'DUNNING' : 'PAID', 'RECIPIENT'],
        ...result.items.map(({ invoice: i }) => [
          String(i.id), owners.get(i.user_id)?.username ?? String(i.user_id), i.ref_number, i.date, i.due_date, euros(i.total_cents),
          overdue ? dunningOf(i) : i.paid ? (i.date_paid ?? 'yes') : 'no', recipientOf(i),
        ]),
      ]) + `\n${data.length} of ${result.total}`,
    );
  },
};
