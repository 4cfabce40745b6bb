import type { Invoice, InvoiceItem, New, Page, PageOf, Patch } from '../store.js';

/** A new invoice: the chase of it (dunning_stage, dunning_at) starts at nothing unless given. */
export type NewInvoice = Omit<New<Invoice>, 'dunning_stage' | 'dunning_at'> & Partial<Pick<Invoice, 'dunning_stage' | 'dunning_at'>>;

/** The unpaid invoices one step of the chase of overdue invoices takes (core/lifecycle/chase-overdue-invoices.ts). */
export interface OverdueQuery {
  /** The stages an invoice may be at to take this step. */
  stages: number[];
  /** Due on or before this day (YYYY-MM-DD). */
  dueOnOrBefore: string;
  /** A monthly invoice (period set) only when its period (YYYY-MM) sorts before this one: it has ended. */
  periodBefore: string;
  /** Its last step taken before this (an ISO timestamp or a day: compared as text); absent: no wait. */
  lastStepBefore?: string;
}

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
   * only unpaid ones when `unpaid` is true; only unpaid ones due before `overdueOn` (YYYY-MM-DD) when given.
   */
  list(filter: { userId?: number; unpaid?: boolean; overdueOn?: string }, page: Page): Promise<PageOf<Invoice>>;
  /** Items of the given invoices, ordered by invoice and position. */
  items(invoiceIds: number[]): Promise<InvoiceItem[]>;
  create(invoice: NewInvoice, items: Array<Omit<New<InvoiceItem>, 'invoice_id'>>): Promise<Invoice>;
  update(id: number, patch: Patch<Invoice>): Promise<void>;
  /** The user's unpaid invoice for `period` ("YYYY-MM"), if one is open. */
  findOpenForPeriod(userId: number, period: string): Promise<Invoice | undefined>;
  /** Unpaid invoices with a positive total that `query` takes, oldest due first. */
  overdue(query: OverdueQuery, limit: number): Promise<Invoice[]>;
  /**
   * Moves an unpaid invoice's chase from stage `from` to `to` at `at`; false when it was paid meanwhile
   * or another worker moved it first (compare-and-set: the step is taken once).
   */
  advanceDunning(id: number, from: number, to: number, at: string): Promise<boolean>;
  /** Appends lines to an invoice (positions are the caller's). */
  addItems(invoiceId: number, items: Array<Omit<New<InvoiceItem>, 'invoice_id'>>): Promise<void>;
}
