import type { Ctx } from '../context.js';
import type { Invoice, Store } from '../../ports/store.js';
import { isoDate, isoTimestamp } from '../dates.js';
import { createInvoice, invoiceItems, type InvoiceLineInput } from './create-invoice.js';

/**
 * Bills lines to an account's open invoice for the current month (a partner's: partners are postpaid
 * and pay monthly), creating that invoice with the month's first order. Runs on the caller's `tx`, so
 * an order and its invoice line commit together. Paid invoices are closed: a line after payment starts
 * a new invoice for the same month.
 */
export async function addToMonthlyInvoice(
  tx: Store,
  ctx: Ctx,
  input: { userId: number; lines: InvoiceLineInput[] },
): Promise<Invoice> {
  const now = ctx.clock.now();
  const period = isoDate(now).slice(0, 7);
  // Held until commit: two orders at once must find (or create) one open invoice and number its lines in turn.
  await tx.users.lock(input.userId);
  const open = await tx.invoices.findOpenForPeriod(input.userId, period);
  if (!open) {
    const user = await tx.users.findById(input.userId);
    const recipient = user?.primary_contact_id ? await tx.contacts.findById(user.primary_contact_id) : undefined;
    if (!recipient) throw new Error(`account ${input.userId} has no billing contact`);
    return createInvoice(tx, ctx, { userId: input.userId, recipient, lines: input.lines, period });
  }
  const existing = await tx.invoices.items([open.id]);
  const items = invoiceItems(input.lines, ctx.settings.vatRateBp, existing.length + 1);
  await tx.invoices.addItems(open.id, items);
  const patch = {
    total_cents: open.total_cents + items.reduce((sum, i) => sum + i.total_cents, 0),
    updated_at: isoTimestamp(now),
  };
  await tx.invoices.update(open.id, patch);
  return { ...open, ...patch };
}
