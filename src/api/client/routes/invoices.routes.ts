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
import { sendInvoicePdf } from '../../shared/invoice-pdf-reply.js';
import { DOCUMENT_LANGS, type DocumentLang } from '../../../documents/invoice-texts.js';
import { ctxOf } from '../../shared/actor-hook.js';

/**
 * The language of a document: `?lang=` when given, else the first of Finnish and English the
 * Accept-Language header asks for (by its q-values), else English (the API's own language).
 */
function documentLang(query: DocumentLang | undefined, acceptLanguage: string | undefined): DocumentLang {
  if (query) return query;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { lang: tag!.split('-')[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((w) => w.q > 0 && DOCUMENT_LANGS.includes(w.lang as DocumentLang))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (wanted[0]?.lang as DocumentLang | undefined) ?? 'en';
}

/** Invoices are read-only here: they are written by purchases and renewals, and paid through the operator. */
export const invoiceRoutes: ClientRoutes = (app) => {
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
      const page = await listInvoices(ctxOf(req), { userId: currentUser(req).id, page: toPage(req.query) });
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
      const found = await getInvoice(ctxOf(req), { userId: currentUser(req).id, invoiceId: req.params.id });
      return ok(toInvoiceWire(found.invoice, found.items));
    },
  );

  app.get(
    '/invoice/invoices/:id/pdf',
    {
      schema: {
        tags: ['Invoice'],
        summary: 'Invoices - Download the specified Invoice as a PDF (not in the original document)',
        description:
          'The invoice as a printable PDF: seller, buyer, lines with VAT per line, totals, the reference in its national '
          + 'and RF forms, the account and the Finnish bank barcode (virtuaaliviivakoodi) while it is unpaid. In Finnish or '
          + 'English: `lang`, else the Accept-Language header, else English. Errors as for the invoice itself: 403 for '
          + 'another user\'s invoice, 404 for none.',
        params: Type.Object({ id: IdParam }),
        querystring: Type.Object({ lang: Type.Optional(Type.Union(DOCUMENT_LANGS.map((l) => Type.Literal(l)))) }),
        response: {
          200: { description: 'The invoice as a PDF document', content: { 'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } },
          ...errorResponses(401, 403, 404, 422),
        },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const found = await getInvoice(ctx, { userId: currentUser(req).id, invoiceId: req.params.id });
      const lang = documentLang(req.query.lang, req.headers['accept-language']);
      return sendInvoicePdf(reply.header('vary', 'accept-language'), found, ctx.settings.seller, lang);
    },
  );
};
