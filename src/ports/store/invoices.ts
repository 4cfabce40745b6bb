import type { Invoice, InvoiceItem, New, Page, PageOf, Patch } from '../store.js';

export interface InvoiceRepository {
  findById(id: number): Promise<Invoice | undefined>;
  /** The invoice with reference number `ref` (digits only, as stored), if any. */
  findByRefNumber(ref: string): Promise<Invoice | undefined>;
  /**
   * findById for a read-then-write: no other transaction can lock or change the row until the caller's
   * transaction ends (so call it on a transaction's store). A payment holds it, so an invoice is
   * paid (and its orders released) once.
   */
  lock(id: number): Promise<Invoice | undefined>;
  /**
   * Invoices of one user, or of everyone when userId is undefined (the operator's view), newest last;
   * only unpaid ones when `unpaid` is true.
   */
  list(filter: { userId?: number; unpaid?: boolean }, page: Page): Promise<PageOf<Invoice>>;
  /** Items of the given invoices, ordered by invoice and position. */
  items(invoiceIds: number[]): Promise<InvoiceItem[]>;
  create(invoice: New<Invoice>, items: Array<Omit<New<InvoiceItem>, 'invoice_id'>>): Promise<Invoice>;
  update(id: number, patch: Patch<Invoice>): Promise<void>;
  /** The user's unpaid invoice for `period` ("YYYY-MM"), if one is open. */
  findOpenForPeriod(userId: number, period: string): Promise<Invoice | undefined>;
  /** Appends lines to an invoice (positions are the caller's). */
  addItems(invoiceId: number, items: Array<Omit<New<InvoiceItem>, 'invoice_id'>>): Promise<void>;
}
