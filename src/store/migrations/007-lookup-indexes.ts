import type { Kysely } from 'kysely';

/**
 * Indexes for the lookups every domain, DNS and partner request makes, which scanned the whole table
 * before (found by `npm run bench`: at 100,000 domains a domain GET took ~14 ms on SQLite, at 10,000
 * domains a tenth of that):
 * - domains(fqdn): findLiveByFqdn, behind every request naming a domain. The unique index
 *   domains_live_fqdn is partial (status not in ('transferred', 'deleted')) and SQLite uses a partial
 *   index only when the query repeats its condition with the same literals; ours binds them as
 *   parameters, as every query does. A name has one live row and a few past ones, so this index finds
 *   them in one step either way.
 * - zones(domain_id): findByDomainId, behind every records request (the zone of a domain).
 * - orders(domain_id): listByDomains, the partner domain list's registration periods.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('domains_fqdn').on('domains').column('fqdn').execute();
  await db.schema.createIndex('zones_domain').on('zones').column('domain_id').execute();
  await db.schema.createIndex('orders_domain').on('orders').column('domain_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['orders_domain', 'zones_domain', 'domains_fqdn']) await db.schema.dropIndex(index).execute();
}
