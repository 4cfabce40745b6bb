import { Type } from '@sinclair/typebox';
import type { ClientRoutes } from '../types.js';
import { currentUser } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { Envelope, ListEnvelope, ok } from '../schemas/envelope.js';
import { IdParam } from '../schemas/id-param.js';
import { InvoiceSchema } from '../schemas/invoice.schema.js';
import { toInvoiceWire } from '../mappers/invoice.mapper.js';
import { PageQuery, pageMeta, toPage } from '../../shared/pagination.js';
import { listInvoices } from '../../../core/billing/list-invoices.js';
import { getInvoice } from '../../../core/billing/get-invoice.js';

/** Invoices are read-only here: they are written by purchases and renewals, and paid through the operator. */
export const invoiceRoutes: ClientRoutes = (app, ctx) => {
  app.get(
    '/invoice/invoices',
    {
      schema: {
        tags: ['Invoice'],
        summary: 'Invoices - Retrieve a collection of invoices for the authenticated User',
        querystring: PageQuery,
        response: { 200: ListEnvelope(InvoiceSchema), ...errorResponses(401, 422) },
      },
    },
    async (req) => {
      const page = await listInvoices(ctx, { userId: currentUser(req).id, page: toPage(req.query) });
      return {
        message: '',
        data: page.items.map((i) => toInvoiceWire(i.invoice, i.items)),
        meta: pageMeta(req.query, page.items.length, page.total),
      };
    },
  );

  app.get(
    '/invoice/invoices/:id',
    {
      schema: {
        tags: ['Invoice'],
        summary: 'Invoices - Retrieve details for the specified Invoice',
        params: Type.Object({ id: IdParam }),
        response: { 200: Envelope(InvoiceSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const found = await getInvoice(ctx, { userId: currentUser(req).id, invoiceId: req.params.id });
      return ok(toInvoiceWire(found.invoice, found.items));
    },
  );
};
