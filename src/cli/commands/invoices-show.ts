import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { euros, parseCount, positionalsExactly, table, usersById } from '../options.js';
import { dunningOf, invoiceView, paymentView } from '../views.js';
import { getInvoice } from '../../core/billing/get-invoice.js';
import { listPayments } from '../../core/payments/list-payments.js';

export const invoicesShow: Command = {
  words: ['invoices', 'show'],
  usage: 'hostplane invoices show ID [--json]   an invoice: recipient, lines with VAT, totals, reference number, paid',
  positionals: ['id'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['id']);
    const invoiceId = parseCount(positionals[0]!, 'id', 1, 2_147_483_647, 'ID');
    const { invoice, items, owner, payments } = await withRuntime({ io, actor }, async ({ ctx }) => {
      const found = await getInvoice(ctx, { userId: null, invoiceId });
      const owner = (await usersById(ctx, [found.invoice.user_id])).get(found.invoice.user_id);
      // An invoice's payments are few (its partial payments and the one that paid it).
      const payments = (await listPayments(ctx, { invoiceId, page: { limit: 1000, offset: 0 } })).items;
      return { ...found, owner, payments };
    });
    // Payments from the bank (oldest first) and what is still due after them.
    const dueCents = invoice.paid ? 0 : (payments[0]?.invoice_due_cents ?? invoice.total_cents);
    const paid = [...payments].reverse().map(paymentView);
    const data = { ...invoiceView(invoice, items, owner), amount_due: dueCents / 100, payments: paid };
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
        ...paid.map((p) =>
          `payment ${p.booked_on}  ${cents(p.amount)} EUR  ${p.status}` + (p.excess ? `  ${cents(p.excess)} overpaid` : '') +
          `  (${p.debtor || 'no name'}, bank ref ${p.bank_ref})`),
        data.paid ? `paid ${data.date_paid} (${data.payment_method})` : dueCents < invoice.total_cents ? `unpaid: ${euros(dueCents)} EUR still due` : 'unpaid',
        ...(invoice.dunning_stage === 0 ? [] : [`dunning ${dunningOf(invoice)}`]),
      ].join('\n'),
    );
  },
};
