import { sql, type Kysely } from 'kysely';

/**
 * orders_open_fqdn, remade: at most one unprocessed (open or paid) order per name and kind group,
 * where it was one per name of any kind. The groups are core/domains/order-kinds.ts's: acquiring
 * (register, transfer) and renewing (renew). The holder's unpaid renewal kept a gaining account from
 * ordering a transfer ("Unprocessed transfer order already exists" with no transfer order anywhere);
 * two registrations, two transfers or a registration and a transfer of one name still cannot both be
 * unprocessed, so concurrent purchases still give one order. The group is an expression of `kind`,
 * which SQLite and PostgreSQL both index (in parentheses, as PostgreSQL requires).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_open_fqdn').execute();
  await db.schema
    .createIndex('orders_open_fqdn')
    .on('orders')
    .column('fqdn')
    .expression(sql`(case when kind = 'renew' then 'renewing' else 'acquiring' end)`)
    .unique()
    .where(sql.ref('status'), 'in', ['open', 'paid'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_open_fqdn').execute();
  await db.schema.createIndex('orders_open_fqdn').on('orders').column('fqdn').unique().where(sql.ref('status'), 'in', ['open', 'paid']).execute();
}
