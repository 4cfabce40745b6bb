import { isValidCreditorReference, isValidReferenceNumber } from '../billing/reference-number.js';

/**
 * The matching rule for one credit, pure: which invoice a payment names, and what it does to it.
 *
 * A payment names an invoice by its structured creditor reference, in the national form ("10009",
 * spaces allowed) or the RF form (ISO 11649: "RF" + two check digits + the national reference). Both
 * forms of one invoice's reference name the same invoice: an RF reference is reduced to the national
 * reference inside it. Check digits are verified (RF's mod 97, then the national 7-3-1); leading zeros
 * are dropped, as a bank may pad the field.
 *
 * Against the invoice's amount still due (its total less what earlier payments applied to it):
 * - the same amount: `matched`, and the invoice is paid;
 * - less: `partial`; the invoice stays unpaid with less due;
 * - more: `over`; the invoice is paid and the excess is to be refunded or credited.
 * An invoice already paid or cancelled unpaid (its orders cancelled after the last reminder: there is
 * nothing left to pay for), an unknown reference, a bad check digit, no reference at all: `unmatched`,
 * with the reason, and no invoice is touched: the operator refunds.
 */
export type PaymentStatus = 'matched' | 'partial' | 'over' | 'unmatched';

export type ParsedReference = { ok: true; national: string } | { ok: false; reason: string };

/** The national reference a payment's reference stands for, or why it names no invoice. */
export function parsePaymentReference(given: string | null): ParsedReference {
  if (given === null || given.trim() === '') return { ok: false, reason: 'no structured reference' };
  const compact = given.replace(/\s+/g, '').toUpperCase();
  if (compact.startsWith('RF')) {
    if (!isValidCreditorReference(compact)) return { ok: false, reason: `bad check digits in RF reference ${given.trim()}` };
    const inner = compact.slice(4);
    if (!/^[0-9]+$/.test(inner)) return { ok: false, reason: `RF reference ${given.trim()} holds no Finnish reference` };
    return national(inner, given);
  }
  if (!/^[0-9]+$/.test(compact)) return { ok: false, reason: `not a reference number: ${given.trim()}` };
  return national(compact, given);
}

function national(digits: string, given: string): ParsedReference {
  const stripped = digits.replace(/^0+(?=\d)/, '');
  if (!isValidReferenceNumber(stripped)) return { ok: false, reason: `bad check digit in reference ${given.trim()}` };
  return { ok: true, national: stripped };
}

export interface InvoiceDue {
  id: number;
  paid: boolean;
  /** Cancelled unpaid by the chase of overdue invoices (DUNNING_STAGE.cancelled). */
  cancelled?: boolean;
  totalCents: number;
  /** What earlier payments applied to it (their amounts less any excess). */
  appliedCents: number;
}

export interface PaymentMatch {
  status: PaymentStatus;
  /** Null when unmatched. */
  invoiceId: number | null;
  reason: string | null;
  /** Whether the invoice becomes paid now. */
  paysInvoice: boolean;
  /** The part beyond what was due (an overpayment), else 0. */
  excessCents: number;
  /** Still due on the invoice after this payment. */
  dueAfterCents: number;
}

/**
 * Matches a payment of `amountCents` to the invoice its reference named (`invoice`, or undefined when
 * no invoice has that reference). `reference` is parsePaymentReference's answer.
 */
export function matchPayment(reference: ParsedReference, amountCents: number, invoice: InvoiceDue | undefined): PaymentMatch {
  const unmatched = (reason: string): PaymentMatch => ({
    status: 'unmatched', invoiceId: null, reason, paysInvoice: false, excessCents: 0, dueAfterCents: 0,
  });
  if (!reference.ok) return unmatched(reference.reason);
  if (!invoice) return unmatched(`no invoice has reference ${reference.national}`);
  if (invoice.paid) return unmatched(`invoice ${invoice.id} (reference ${reference.national}) is already paid`);
  if (invoice.cancelled) return unmatched(`invoice ${invoice.id} (reference ${reference.national}) was cancelled unpaid`);
  const due = Math.max(0, invoice.totalCents - invoice.appliedCents);
  const base = { invoiceId: invoice.id, reason: null };
  if (amountCents === due) return { ...base, status: 'matched', paysInvoice: true, excessCents: 0, dueAfterCents: 0 };
  if (amountCents < due) return { ...base, status: 'partial', paysInvoice: false, excessCents: 0, dueAfterCents: due - amountCents };
  return { ...base, status: 'over', paysInvoice: true, excessCents: amountCents - due, dueAfterCents: 0 };
}
