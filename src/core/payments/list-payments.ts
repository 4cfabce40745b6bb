import type { Ctx } from '../context.js';
import type { Page, PageOf } from '../../ports/store.js';
import type { Payment } from '../../ports/store/payments.js';

export interface PaymentWithDue extends Payment {
  /**
   * What its invoice still owes now: the total less every payment applied to it, 0 once paid; null for
   * an unmatched payment.
   */
  invoice_due_cents: number | null;
  invoice_paid: boolean | null;
}

export interface ListPaymentsInput {
  /** Only the payments that matched no invoice. */
  unmatched?: boolean;
  /** Only one invoice's payments. */
  invoiceId?: number;
  page: Page;
}

/**
 * Payments imported from the bank, newest first, each with what its invoice still owes (the operator's
 * `payments list` and `invoices show`). Reads only; no errors of its own.
 */
export async function listPayments(ctx: Ctx, input: ListPaymentsInput): Promise<PageOf<PaymentWithDue>> {
  const page = await ctx.store.payments.list({ unmatched: input.unmatched, invoiceId: input.invoiceId }, input.page);
  const invoiceIds = [...new Set(page.items.map((p) => p.invoice_id).filter((id): id is number => id !== null))];
  const applied = await ctx.store.payments.appliedTo(invoiceIds);
  const due = new Map<number, { cents: number; paid: boolean }>();
  for (const id of invoiceIds) {
    const invoice = await ctx.store.invoices.findById(id);
    if (!invoice) continue;
    const paid = invoice.paid === 1;
    due.set(id, { paid, cents: paid ? 0 : Math.max(0, invoice.total_cents - (applied.get(id) ?? 0)) });
  }
  return {
    total: page.total,
    items: page.items.map((p) => {
      const d = p.invoice_id === null ? undefined : due.get(p.invoice_id);
      return { ...p, invoice_due_cents: d?.cents ?? null, invoice_paid: d?.paid ?? null };
    }),
  };
}
