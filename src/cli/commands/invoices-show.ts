import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { euros, parseCount, positionalsExactly, table, usersById } from '../options.js';
import { invoiceView } from '../views.js';
import { getInvoice } from '../../core/billing/get-invoice.js';

export const invoicesShow: Command = {
  words: ['invoices', 'show'],
  usage: 'hostplane invoices show ID [--json]   an invoice: recipient, lines with VAT, totals, reference number, paid',
  positionals: ['id'],
  async run({ positionals, out }) {
    positionalsExactly(positionals, ['id']);
    const invoiceId = parseCount(positionals[0]!, 'id', 1, 2_147_483_647, 'ID');
    const { invoice, items, owner } = await withRuntime(async ({ ctx }) => {
      const found = await getInvoice(ctx, { userId: null, invoiceId });
      return { ...found, owner: (await usersById(ctx, [found.invoice.user_id])).get(found.invoice.user_id) };
    });
    const data = invoiceView(invoice, items, owner);
    const cents = (eur: number) => euros(Math.round(eur * 100));
    out.result(data, () =>
      [
        `invoice ${data.id}  ${data.recipient}  (user ${owner?.username ?? data.user_id})`,
        `date ${data.date}  due ${data.due_date}  reference ${data.ref_number}` + (data.period ? `  period ${data.period}` : ''),
        '',
        table([
          ['DESCRIPTION', 'QTY', 'NET', 'VAT %', 'VAT', 'TOTAL'],
          ...data.items.map((l) => [l.description, String(l.qty), cents(l.sub_total), String(l.tax_rate), cents(l.vat), cents(l.total)]),
        ]),
        '',
        `net ${cents(data.sub_total)}  VAT ${cents(data.vat)}  total ${cents(data.total)} EUR`,
        data.paid ? `paid ${data.date_paid} (${data.payment_method})` : 'unpaid',
      ].join('\n'),
    );
  },
};
