import type { Ctx } from '../context.js';
import type { Invoice } from '../../ports/store.js';
import { notFound, rejected } from '../errors.js';
import { isoDate, isoTimestamp } from '../dates.js';
import { recordEvent } from '../events/record-event.js';

export interface MarkInvoicePaidInput {
  invoiceId: number;
  /** How it was paid, as shown on the invoice; "bank transfer" when not said. */
  method?: string;
}

/**
 * Records a payment (an operator's act: the CLI, a bank statement import) and releases what the
 * invoice paid for. In one transaction: the invoice becomes paid today, and every open order it
 * bills becomes paid with an 'order.fulfil' job in the outbox, so a crash after the commit still
 * fulfils the order on the next drain. After the commit the jobs are drained at once.
 * Errors: not_found (no such invoice), rejected "Invoice is already paid".
 */
export async function markInvoicePaid(ctx: Ctx, input: MarkInvoicePaidInput): Promise<Invoice> {
  const now = ctx.clock.now();
  const at = isoTimestamp(now);
  const invoice = await ctx.store.transaction(async (tx) => {
    const found = await tx.invoices.lock(input.invoiceId); // a second payment at once waits, then sees it paid
    if (!found) throw notFound();
    if (found.paid) throw rejected('Invoice is already paid');
    const patch = { paid: 1, date_paid: isoDate(now), payment_method: input.method ?? 'bank transfer', updated_at: at };
    await tx.invoices.update(found.id, patch);
    await recordEvent(tx, ctx, {
      type: 'invoice.paid', userId: found.user_id, subject: String(found.id),
      data: { ref_number: found.ref_number, total_cents: found.total_cents, payment_method: patch.payment_method, date_paid: patch.date_paid },
    });
    for (const order of await tx.orders.listByInvoice(found.id)) {
      if (order.status !== 'open') continue;
      await tx.orders.update(order.id, { status: 'paid', updated_at: at });
      await tx.jobs.enqueue('order.fulfil', { orderId: order.id }, at);
    }
    return { ...found, ...patch };
  });
  await ctx.jobs.drain();
  return invoice;
}
