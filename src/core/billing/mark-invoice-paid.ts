import type { Ctx } from '../context.js';
import type { Invoice, Store } from '../../ports/store.js';
import { notFound, rejected } from '../errors.js';
import { isoDate, isoTimestamp } from '../dates.js';
import { recordEvent } from '../events/record-event.js';
import { resumeSuspendedServices } from '../lifecycle/resume-suspended-services.js';
import { DUNNING_STAGE } from '../lifecycle/dunning-policy.js';

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
 * Errors: not_found (no such invoice), rejected "Invoice is already paid", rejected "Invoice was cancelled
 * unpaid" (its orders were cancelled after its last reminder: a payment for it is refunded).
 */
export async function markInvoicePaid(ctx: Ctx, input: MarkInvoicePaidInput): Promise<Invoice> {
  const now = ctx.clock.now();
  const invoice = await ctx.store.transaction(async (tx) => {
    const found = await tx.invoices.lock(input.invoiceId); // a second payment at once waits, then sees it paid
    if (!found) throw notFound();
    if (found.paid) throw rejected('Invoice is already paid');
    if (found.dunning_stage === DUNNING_STAGE.cancelled) throw rejected('Invoice was cancelled unpaid');
    return payInvoice(tx, ctx, found, { method: input.method ?? 'bank transfer', datePaid: isoDate(now), at: isoTimestamp(now) });
  });
  await ctx.jobs.drain();
  return invoice;
}

/**
 * The writes of a payment, inside the caller's transaction, on an unpaid invoice the caller has
 * locked: the invoice paid on `datePaid`, its open orders paid with their 'order.fulfil' jobs
 * queued, and services suspended for it unpaid active again (resumeSuspendedServices). The caller drains the jobs after its commit. Shared with the bank import
 * (core/payments/import-payments.ts), which records the payment row in the same transaction.
 */
export async function payInvoice(tx: Store, ctx: Ctx, invoice: Invoice, input: { method: string; datePaid: string; at: string }): Promise<Invoice> {
  const patch = { paid: 1, date_paid: input.datePaid, payment_method: input.method, updated_at: input.at };
  await tx.invoices.update(invoice.id, patch);
  await recordEvent(tx, ctx, {
    type: 'invoice.paid', userId: invoice.user_id, subject: String(invoice.id),
    data: { ref_number: invoice.ref_number, total_cents: invoice.total_cents, payment_method: patch.payment_method, date_paid: patch.date_paid },
  });
  for (const order of await tx.orders.listByInvoice(invoice.id)) {
    if (order.status !== 'open') continue;
    await tx.orders.update(order.id, { status: 'paid', updated_at: input.at });
    await tx.jobs.enqueue('order.fulfil', { orderId: order.id }, input.at);
  }
  await resumeSuspendedServices(tx, ctx, invoice, input.at);
  return { ...invoice, ...patch };
}
