import type { FastifyReply } from 'fastify';
import type { InvoiceWithItems } from '../../core/billing/list-invoices.js';
import type { Seller } from '../../core/billing/seller.js';
import { invoiceDocument } from '../../documents/invoice-document.js';
import { invoicePdf } from '../../documents/invoice-pdf.js';
import type { DocumentLang } from '../../documents/invoice-texts.js';

/**
 * Answers an invoice as its PDF in `lang`: the one way every face (the client API, the panel) sends
 * it, so the bytes and the headers cannot drift apart. How the language was chosen, and so the Vary
 * header, is the caller's.
 */
export async function sendInvoicePdf(reply: FastifyReply, found: InvoiceWithItems, seller: Seller, lang: DocumentLang): Promise<FastifyReply> {
  const pdf = await invoicePdf(invoiceDocument(found.invoice, found.items, seller), lang);
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="invoice-${found.invoice.id}.pdf"`)
    .header('content-language', lang)
    // The invoice changes when it is paid: a cached copy would still ask for the money.
    .header('cache-control', 'private, no-cache')
    .send(pdf);
}
