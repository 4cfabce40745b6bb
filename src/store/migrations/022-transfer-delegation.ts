import type { Kysely } from 'kysely';

/**
 * orders.delegate_to: the name servers (a JSON array) a transfer order asks for once the name is
 * ours, as the partner API's ns1-ns4 do; null to keep the delegation the name arrives with. Kept apart
 * from orders.nameservers, which for a transfer holds the delegation the registry reported when the
 * order was placed (what the pending domain shows meanwhile).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('delegate_to', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').dropColumn('delegate_to').execute();
}
