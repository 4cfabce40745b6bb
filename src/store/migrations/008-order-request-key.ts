import type { Kysely } from 'kysely';

/**
 * orders.request_key: which request placed the order, for a request sent with an Idempotency-Key
 * (a digest of the account, the key and the request; see src/api/shared/idempotency.ts). The
 * response to such a request is stored after the order commits, so a crash in between leaves an
 * order whose answer was never given nor kept; the client's retry with the same key finds the order
 * by this column and gets the success it missed instead of "an order already exists". Unique: one
 * request places at most one order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('request_key', 'text').execute();
  await db.schema.createIndex('orders_request_key').on('orders').column('request_key').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_request_key').execute();
  await db.schema.alterTable('orders').dropColumn('request_key').execute();
}
