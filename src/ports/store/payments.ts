import type { New, Page, PageOf } from '../store.js';
import type { PaymentStatus } from '../../core/payments/match-payment.js';

/**
 * A credit read from the bank's camt.054/camt.053 file (migration 020), matched to an invoice or not.
 * (account, bank_ref) is unique: a payment seen again, in the same file or in a statement repeating a
 * notification, is not stored twice.
 */
export interface Payment {
  id: number;
  /** The account credited (IBAN), "" when the file does not say. */
  account: string;
  /** The bank's archive id of the payment (AcctSvcrRef), see core/payments/camt.ts. */
  bank_ref: string;
  /** The invoice it paid (wholly or partly); null when unmatched. */
  invoice_id: number | null;
  amount_cents: number;
  currency: string;
  /** The booking date, YYYY-MM-DD. */
  booked_on: string;
  /** The structured reference as the payer gave it; null when none. */
  reference: string | null;
  debtor: string;
  status: PaymentStatus;
  /** Why it matched no invoice; null when it matched. */
  reason: string | null;
  /** The part beyond what the invoice still owed (an overpayment to refund or credit), else 0. */
  excess_cents: number;
  /** The name of the file it came in. */
  file_name: string;
  imported_at: string;
}

export interface PaymentRepository {
  findByBankRef(account: string, bankRef: string): Promise<Payment | undefined>;
  /** Throws UniqueViolation when (account, bank_ref) is already stored. */
  create(payment: New<Payment>): Promise<Payment>;
  /** Newest first; only unmatched ones with `unmatched`, only one invoice's with `invoiceId`. */
  list(filter: { unmatched?: boolean; invoiceId?: number }, page: Page): Promise<PageOf<Payment>>;
  /** What payments applied to each of the invoices (amount less excess), by invoice id; absent: none. */
  appliedTo(invoiceIds: number[]): Promise<Map<number, number>>;
}
