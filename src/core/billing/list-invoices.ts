import type { Ctx } from '../context.js';
import type { Invoice, InvoiceItem, Page } from '../../ports/store.js';

/** An invoice with its lines, in position order. */
export interface InvoiceWithItems {
  invoice: Invoice;
  items: InvoiceItem[];
}

/**
 * A page of invoices with their lines: one user's (the client API) or everyone's when userId is
 * undefined (the operator's CLI); only unpaid ones when `unpaid`, only unpaid ones due before `overdueOn`
 * (YYYY-MM-DD, today) when given. Oldest first. The lines of the whole
 * page are read in one query, not one per invoice.
 */
export async function listInvoices(
  ctx: Ctx,
  input: { userId?: number; unpaid?: boolean; overdueOn?: string; page: Page },
): Promise<{ items: InvoiceWithItems[]; total: number }> {
  const page = await ctx.store.invoices.list({ userId: input.userId, unpaid: input.unpaid, overdueOn: input.overdueOn }, input.page);
  const lines = await ctx.store.invoices.items(page.items.map((i) => i.id));
  const byInvoice = new Map<number, InvoiceItem[]>();
  for (const line of lines) {
    const list = byInvoice.get(line.invoice_id) ?? [];
    list.push(line);
    byInvoice.set(line.invoice_id, list);
  }
  return {
    items: page.items.map((invoice) => ({ invoice, items: byInvoice.get(invoice.id) ?? [] })),
    total: page.total,
  };
}
