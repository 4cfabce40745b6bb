import type { Kysely } from 'kysely';
import { withId } from './helpers.js';

/**
 * The event log (issue 14): one row per change of state, written in the same transaction as the
 * change (core/events/record-event.ts), read by customers, partners and the operator, and later by the
 * subscribers that send e-mail and webhooks.
 * - user_id: the account the event belongs to; null for what concerns no one account (a failed login
 *   for a name that is no account, a partner's API key).
 * - partner_id: the partner whose client (or own account) that is, or the partner itself; copied onto
 *   the row so a partner's read is one index range, not a join over its clients.
 * - type is dotted (`domain.registered`), subject the object as text (a domain name, an invoice id),
 *   data a small JSON object. actor_kind is customer | partner | operator | system; actor_id names the
 *   actor within its kind (an account id, an API key's visible prefix, a job kind).
 * No foreign keys: a log outlives what it tells of, and must never stop a row from being removed.
 * Indexes serve the three reads: by account, by partner and by type, each newest first by time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('events'))
    .addColumn('user_id', 'integer')
    .addColumn('partner_id', 'integer')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('address', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_user_time').on('events').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('events_partner_time').on('events').columns(['partner_id', 'created_at']).execute();
  await db.schema.createIndex('events_type_time').on('events').columns(['type', 'created_at']).execute();
  await db.schema.createIndex('events_time').on('events').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('events').execute();
}
