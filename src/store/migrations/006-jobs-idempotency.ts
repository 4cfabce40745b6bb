import type { Kysely } from 'kysely';
import { withId } from './helpers.js';

/**
 * Two tables for the job worker and the API, text and integer columns only (dialect-neutral):
 * - idempotency_keys: the first response to a POST sent with an `Idempotency-Key` header, kept 24
 *   hours per account so a retried request gets the same answer instead of a second order. A row
 *   without a response is a request still in flight. (scope, idem_key) is unique: two machines
 *   receiving the same retry at once cannot both run it.
 * - renewals: one row per renewal the lifecycle worker billed, keyed by what was renewed and the
 *   expiry it renews from. The unique key makes "one renewal invoice per expiry" a rule of the store,
 *   whatever number of workers run the schedule at once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('idempotency_keys'))
    // Whose key: "user:<id>" (client API) or "partner:<id>" (partner API); keys are per account.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('idem_key', 'text', (c) => c.notNull())
    // SHA-256 of method, path and canonical JSON body: the same key with another request is refused.
    .addColumn('request_hash', 'text', (c) => c.notNull())
    // Null while the first request is in flight.
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_scope_key').on('idempotency_keys').columns(['scope', 'idem_key']).unique().execute();
  await db.schema.createIndex('idempotency_keys_expires').on('idempotency_keys').column('expires_at').execute();

  await withId(db, db.schema.createTable('renewals'))
    // 'domain' | 'service'
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    // The expiry date (YYYY-MM-DD) this renewal extends from.
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'integer', (c) => c.references('invoices.id'))
    // A domain's renewal is a 'renew' order (fulfilled at the registry once paid); a service has none.
    .addColumn('order_id', 'integer', (c) => c.references('orders.id'))
    // 'invoiced' (waiting for payment) | 'applied' (the new period is recorded)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('renewals_once').on('renewals').columns(['subject', 'subject_id', 'period_end']).unique().execute();
  await db.schema.createIndex('renewals_status').on('renewals').columns(['status', 'invoice_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('renewals').execute();
  await db.schema.dropTable('idempotency_keys').execute();
}
