import type { Ctx } from '../context.js';
import { UniqueViolation, type Store } from '../../ports/store.js';
import { isoTimestamp } from '../dates.js';
import { payInvoice } from '../billing/mark-invoice-paid.js';
import { parseCamt, type CamtFile, type CamtTransaction } from './camt.js';
import { matchPayment, parsePaymentReference, type PaymentStatus } from './match-payment.js';
import { DUNNING_STAGE } from '../lifecycle/dunning-policy.js';

export interface ImportPaymentsInput {
  /** The file's text. */
  xml: string;
  /** Its name, kept with each payment (where it came from). */
  fileName: string;
}

/** What became of one transaction of the file. */
export type ImportOutcome = PaymentStatus | 'duplicate' | 'not_imported';

export interface ImportedPayment {
  bank_ref: string;
  account: string;
  outcome: ImportOutcome;
  amount: string;
  currency: string;
  booked_on: string;
  reference: string | null;
  debtor: string;
  invoice_id: number | null;
  /** Why it matched no invoice, or why it was not imported; null otherwise. */
  reason: string | null;
  excess_cents: number;
  /** Still due on the invoice after this payment (null when it matched none). */
  due_cents: number | null;
}

export interface ImportPaymentsResult {
  file_name: string;
  kind: CamtFile['kind'];
  version: string;
  message_id: string;
  summary: Record<'imported' | 'matched' | 'partial' | 'over' | 'unmatched' | 'duplicates' | 'not_imported', number>;
  payments: ImportedPayment[];
}

/** Recorded as the invoice's payment method when the bank's file pays it. */
export const BANK_PAYMENT_METHOD = 'bank transfer';

/**
 * Imports the bank's camt.054 or camt.053 file (`hostplane payments import FILE`).
 *
 * Rules:
 * - The whole file is read and checked first (core/payments/camt.ts): a file that is not a camt.054/
 *   camt.053 document, or any entry of it that cannot be read, refuses the file and nothing is imported.
 * - Only booked EUR credits with their transaction details are imported. Debits, entries not booked
 *   yet, reversals, other currencies and entries without details (a statement's batch total) are
 *   listed as not imported, and never matched.
 * - Each credit is matched by match-payment.ts and stored with its outcome; a matched or overpaying
 *   credit pays its invoice (on its booking date) as `invoices mark-paid` does, releasing its orders.
 * - A payment already stored (the same account and bank archive id, from this file, an earlier one,
 *   or a statement repeating a notification) is a duplicate and changes nothing.
 *
 * Writes, one transaction per payment: the payment row and, when it pays the invoice, the invoice and
 * its orders with their 'order.fulfil' jobs. The payment's key and its invoice are locked first, so
 * two imports at once store a payment once and sum an invoice's partial payments in turn. After the
 * last payment the jobs are drained, as mark-paid does.
 *
 * Errors: invalid (field "file") for a file that cannot be read as a whole.
 */
export async function importPayments(ctx: Ctx, input: ImportPaymentsInput): Promise<ImportPaymentsResult> {
  const file = parseCamt(input.xml);
  const summary = { imported: 0, matched: 0, partial: 0, over: 0, unmatched: 0, duplicates: 0, not_imported: 0 };
  const payments: ImportedPayment[] = [];
  let paidSome = false;
  for (const tx of file.transactions) {
    const line = await importOne(ctx, tx, input.fileName);
    payments.push(line);
    if (line.outcome === 'duplicate') summary.duplicates++;
    else if (line.outcome === 'not_imported') summary.not_imported++;
    else {
      summary.imported++;
      summary[line.outcome]++;
      if (line.outcome === 'matched' || line.outcome === 'over') paidSome = true;
    }
  }
  if (paidSome) await ctx.jobs.drain();
  return { file_name: input.fileName, kind: file.kind, version: file.version, message_id: file.messageId, summary, payments };
}

function notImportedBecause(tx: CamtTransaction): string | null {
  if (!tx.credit) return 'a debit';
  if (tx.withoutDetails) return 'no transaction details (a batch total, whose payments come in the camt.054)';
  if (!tx.booked) return `not booked (status ${tx.status})`;
  if (tx.reversal) return 'a reversal';
  if (tx.currency !== 'EUR') return `in ${tx.currency}, not EUR`;
  return null;
}

async function importOne(ctx: Ctx, tx: CamtTransaction, fileName: string): Promise<ImportedPayment> {
  const line: ImportedPayment = {
    bank_ref: tx.bankRef, account: tx.account, outcome: 'not_imported', amount: tx.amount, currency: tx.currency,
    booked_on: tx.bookedOn, reference: tx.reference, debtor: tx.debtor, invoice_id: null, reason: null, excess_cents: 0, due_cents: null,
  };
  const skip = notImportedBecause(tx);
  if (skip) return { ...line, reason: skip };
  const amountCents = tx.amountCents!; // a EUR amount has at most two decimals (camt.ts refuses more)
  try {
    return await ctx.store.transaction(async (store) => {
      await store.lockKey(`payment:${tx.account}:${tx.bankRef}`);
      if (await store.payments.findByBankRef(tx.account, tx.bankRef)) return { ...line, outcome: 'duplicate' as const, reason: 'already imported' };
      const reference = parsePaymentReference(tx.reference);
      const invoice = reference.ok ? await lockedInvoice(store, reference.national) : undefined;
      const applied = invoice ? ((await store.payments.appliedTo([invoice.id])).get(invoice.id) ?? 0) : 0;
      const match = matchPayment(
        reference,
        amountCents,
        invoice && { id: invoice.id, paid: invoice.paid === 1, cancelled: invoice.dunning_stage === DUNNING_STAGE.cancelled, totalCents: invoice.total_cents, appliedCents: applied },
      );
      const at = isoTimestamp(ctx.clock.now());
      await store.payments.create({
        account: tx.account, bank_ref: tx.bankRef, invoice_id: match.invoiceId, amount_cents: amountCents, currency: tx.currency,
        booked_on: tx.bookedOn, reference: tx.reference, debtor: tx.debtor, status: match.status, reason: match.reason,
        excess_cents: match.excessCents, file_name: fileName, imported_at: at,
      });
      if (match.paysInvoice) await payInvoice(store, ctx, invoice!, { method: BANK_PAYMENT_METHOD, datePaid: tx.bookedOn, at });
      return {
        ...line, outcome: match.status, invoice_id: match.invoiceId, reason: match.reason, excess_cents: match.excessCents,
        due_cents: match.invoiceId === null ? null : match.dueAfterCents,
      };
    });
  } catch (err) {
    // Stored meanwhile by another import (PostgreSQL: both passed the check before either committed).
    if (err instanceof UniqueViolation) return { ...line, outcome: 'duplicate', reason: 'already imported' };
    throw err;
  }
}

async function lockedInvoice(store: Store, reference: string) {
  const found = await store.invoices.findByRefNumber(reference);
  return found && (await store.invoices.lock(found.id));
}
