import type { FastifyInstance } from 'fastify';
import { notFound } from '../../core/errors.js';
import { listInvoices } from '../../core/billing/list-invoices.js';
import { getInvoice } from '../../core/billing/get-invoice.js';
import { invoiceDocument } from '../../documents/invoice-document.js';
import { sendInvoicePdf } from '../../api/shared/invoice-pdf-reply.js';
import { pageContext, sendPage, stateOf } from '../request-state.js';
import { invoicePage, invoicesPage } from '../views/invoices.js';
import { customerOf, pageNumber, PAGE_SIZE } from './customer.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

/** An invoice id from the path; anything else is a page that does not exist (never a 400 that says more). */
function invoiceId(params: unknown): number {
  const id = (params as { id: string }).id;
  if (!/^[0-9]{1,9}$/.test(id)) throw notFound();
  return Number(id);
}

/**
 * The customer's invoices: the list, one invoice, and its PDF, through the client API's commands
 * (listInvoices, getInvoice: another customer's invoice is getInvoice's forbidden, the 404 page here).
 * Read-only, as in the client API: invoices are written by purchases and renewals.
 */
export function invoiceRoutes(app: FastifyInstance): void {
  app.get('/invoices', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const page = pageNumber((request.query as Record<string, string | undefined>).page);
    const result = await listInvoices(ctx, { userId: user.id, page: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    return sendPage(reply, 200, invoicesPage(pageContext(request), { invoices: result.items.map((i) => i.invoice), total: result.total, page, pages }));
  });

  app.get('/invoices/:id', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const found = await getInvoice(ctx, { userId: user.id, invoiceId: invoiceId(request.params) });
    // `?ordered=1`: the order form's redirect here, while the order waits for this invoice to be paid.
    const c = pageContext(request);
    const ordered = (request.query as Record<string, string | undefined>).ordered === '1' && found.invoice.paid !== 1;
    return sendPage(reply, 200, invoicePage(c, invoiceDocument(found.invoice, found.items, ctx.settings.seller), ordered ? c.t('order.placed') : undefined));
  });

  app.get('/invoices/:id/pdf', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const found = await getInvoice(ctx, { userId: user.id, invoiceId: invoiceId(request.params) });
    // The panel's language (its switch's cookie, else Accept-Language), so the response varies on both.
    return sendInvoicePdf(reply.header('vary', 'cookie, accept-language'), found, ctx.settings.seller, stateOf(request).t.lang);
  });
}
