import type { Kysely } from 'kysely';
import { withId } from './helpers.js';

/**
 * Payments from the bank (issue 14, item 5): one row per credit read from a camt.054 or camt.053 file
 * (`hostplane payments import`), matched to an invoice or not (core/payments).
 * - (account, bank_ref) is unique: the bank's archive id of a payment on the account it credited. It is
 *   what makes importing a file twice, or the statement (camt.053) that repeats a day's notification
 *   (camt.054), change nothing: the second sight of a payment meets the row of the first.
 * - invoice_id is null for an unmatched payment, whose reason says why.
 * - excess_cents: what an overpayment paid beyond the invoice's due amount, to refund or credit.
 * - payments(invoice_id): an invoice's payments are summed on every match (the amount still due).
 * - payments(status, id): `payments list --unmatched` without reading every payment ever imported.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('payments'))
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('bank_ref', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'integer', (c) => c.references('invoices.id'))
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('booked_on', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('debtor', 'text', (c) => c.notNull())
    /** matched | partial | over | unmatched */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('excess_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('payments_bank_ref', ['account', 'bank_ref'])
    .execute();
  await db.schema.createIndex('payments_invoice').on('payments').columns(['invoice_id', 'id']).execute();
  await db.schema.createIndex('payments_status').on('payments').columns(['status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('payments').execute();
}
