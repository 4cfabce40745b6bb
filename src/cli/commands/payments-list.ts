import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { euros, pageFrom, pageOptions, positionalsExactly, table } from '../options.js';
import { paymentView } from '../views.js';
import { listPayments } from '../../core/payments/list-payments.js';

export const paymentsList: Command = {
  words: ['payments', 'list'],
  usage: 'hostplane payments list [--unmatched] [--limit N] [--offset N] [--json]   payments from the bank, newest first, with what each invoice still owes',
  options: { unmatched: { type: 'boolean' }, ...pageOptions },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const page = pageFrom(values);
    const result = await withRuntime({ io, actor }, ({ ctx }) => listPayments(ctx, { unmatched: values.unmatched === true, page }));
    const data = result.items.map(paymentView);
    out.result(
      { data, meta: { ...page, count: data.length, total: result.total } },
      () => table([
        ['ID', 'BOOKED', 'AMOUNT', 'REFERENCE', 'DEBTOR', 'STATUS', 'INVOICE', 'DUE', 'NOTE'],
        ...result.items.map((p) => [
          String(p.id), p.booked_on, `${euros(p.amount_cents)} ${p.currency}`, p.reference ?? '-', p.debtor || '-', p.status,
          p.invoice_id === null ? '-' : String(p.invoice_id), p.invoice_due_cents === null ? '-' : euros(p.invoice_due_cents),
          p.status === 'over' ? `${euros(p.excess_cents)} overpaid` : (p.reason ?? ''),
        ]),
      ]) + `\n${data.length} of ${result.total}`,
    );
  },
};
