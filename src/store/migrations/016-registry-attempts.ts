import type { Kysely } from 'kysely';

/**
 * Two marks that let the worker talk to an outside registry without ever doing a thing twice:
 * - orders.registry_attempted_at: when fulfilment last sent the order's command (create, renew,
 *   transfer) to the registry. Set, committed, before the command goes out, so after a lost answer, a
 *   failed attempt or a crash the next attempt knows the registry may have acted and asks it
 *   (domain:info) before sending again (core/domains/fulfil-order.ts).
 * - domains.registry_synced_on: the day (YYYY-MM-DD) the nightly sync last compared the domain with
 *   the registry (core/registry-sync/sync-registry-domains.ts), so each live domain is read once a day
 *   however many workers run the schedule, and a pass cut short resumes where it stopped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('registry_attempted_at', 'text').execute();
  await db.schema.alterTable('domains').addColumn('registry_synced_on', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('domains').dropColumn('registry_synced_on').execute();
  await db.schema.alterTable('orders').dropColumn('registry_attempted_at').execute();
}
