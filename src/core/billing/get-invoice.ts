import type { Ctx } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import type { InvoiceWithItems } from './list-invoices.js';

/**
 * One of the user's invoices with its lines; any account's when `userId` is null (the operator's
 * `hostplane invoices show`). Errors: not_found, forbidden (another user's invoice).
 */
export async function getInvoice(ctx: Ctx, input: { userId: number | null; invoiceId: number }): Promise<InvoiceWithItems> {
  const invoice = await ctx.store.invoices.findById(input.invoiceId);
  if (!invoice) throw notFound(input.userId === null ? `No invoice ${input.invoiceId}` : undefined);
  if (input.userId !== null && invoice.user_id !== input.userId) throw forbidden();
  return { invoice, items: await ctx.store.invoices.items([invoice.id]) };
}
