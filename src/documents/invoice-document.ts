import type { Invoice, InvoiceItem } from '../ports/store.js';
import type { Seller } from '../core/billing/seller.js';
import { creditorReference, isValidReferenceNumber } from '../core/billing/reference-number.js';
import { divRoundHalfUp } from '../core/billing/money.js';
import { bankBarcode } from './bank-barcode.js';

/** One line as the document prints it; amounts in cents, VAT per line as the invoice was billed. */
export interface DocumentLine {
  description: string;
  qty: number;
  unitCents: number;
  netCents: number;
  vatRateBp: number;
  vatCents: number;
  grossCents: number;
}

/**
 * Everything an invoice's documents (the PDF; Finvoice next) print, computed once from the stored
 * invoice: the documents only lay it out.
 */
export interface InvoiceDocument {
  number: number;
  date: string;
  dueDate: string;
  /** "YYYY-MM" of a partner's monthly invoice. */
  period: string | null;
  /**
   * The national reference (digits) and its RF form; null when the stored reference does not verify
   * (rows written by hand, such as the API document's example with reference 11), which is then printed
   * as it is, with no RF form and no barcode.
   */
  reference: string;
  creditorReference: string | null;
  paid: boolean;
  datePaid: string | null;
  seller: Seller;
  buyer: { companyName: string; businessId: string; name: string; address: string; zipCode: string; city: string; country: string };
  lines: DocumentLine[];
  /** Net and VAT per VAT rate, highest rate first. */
  vatByRate: Array<{ rateBp: number; netCents: number; vatCents: number }>;
  netCents: number;
  vatCents: number;
  grossCents: number;
  /**
   * The 54-digit bank barcode (version 4: the invoice's reference is national), or null when there is
   * nothing to pay with it: the invoice is paid, the seller has no Finnish IBAN, nothing is due, or
   * the reference does not verify.
   */
  bankBarcode: string | null;
}

/**
 * The document data of a stored invoice and its lines. Line amounts are read as billed (never
 * recomputed: a later VAT change must not rewrite a sent invoice); VAT of a line is its total less its
 * sub-total; the unit price is the sub-total over the quantity (exact for lines billed as quantity x
 * unit price, rounded half-up otherwise).
 */
export function invoiceDocument(invoice: Invoice, items: InvoiceItem[], seller: Seller): InvoiceDocument {
  const lines = [...items].sort((a, b) => a.position - b.position).map((item) => ({
    description: item.description,
    qty: item.qty,
    unitCents: item.qty === 0 ? 0 : divRoundHalfUp(item.sub_total_cents, item.qty),
    netCents: item.sub_total_cents,
    vatRateBp: item.tax_rate_bp,
    vatCents: item.total_cents - item.sub_total_cents,
    grossCents: item.total_cents,
  }));
  const byRate = new Map<number, { rateBp: number; netCents: number; vatCents: number }>();
  for (const line of lines) {
    const entry = byRate.get(line.vatRateBp) ?? { rateBp: line.vatRateBp, netCents: 0, vatCents: 0 };
    entry.netCents += line.netCents;
    entry.vatCents += line.vatCents;
    byRate.set(line.vatRateBp, entry);
  }
  const sum = (f: (l: DocumentLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  const grossCents = sum((l) => l.grossCents);
  const paid = invoice.paid === 1;
  const verifies = isValidReferenceNumber(invoice.ref_number);
  const payable = !paid && grossCents > 0 && verifies && /^FI/.test(seller.iban);
  return {
    number: invoice.id,
    date: invoice.date,
    dueDate: invoice.due_date,
    period: invoice.period,
    reference: invoice.ref_number,
    creditorReference: verifies ? creditorReference(invoice.ref_number) : null,
    paid,
    datePaid: invoice.date_paid,
    seller,
    buyer: {
      companyName: invoice.recipient_company_name,
      businessId: invoice.recipient_business_id,
      name: invoice.recipient_name,
      address: invoice.recipient_address,
      zipCode: invoice.recipient_zip_code,
      city: invoice.recipient_city,
      country: invoice.recipient_country,
    },
    lines,
    vatByRate: [...byRate.values()].sort((a, b) => b.rateBp - a.rateBp),
    netCents: sum((l) => l.netCents),
    vatCents: sum((l) => l.vatCents),
    grossCents,
    bankBarcode: payable
      ? bankBarcode({ iban: seller.iban, cents: grossCents, reference: invoice.ref_number, dueDate: invoice.due_date })
      : null,
  };
}
