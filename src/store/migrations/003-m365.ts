import type { Kysely } from 'kysely';
import { withId } from './helpers.js';
import { M365_SEED_OFFERS } from './003-m365-offers.js';

/**
 * Microsoft 365 through the partner API:
 * - m365_offers: what hostplane sells (the "Subscription Catalog"), seeded with real new-commerce
 *   offers and hostplane's price per licence per month;
 * - m365_tenants / m365_subscriptions: hostplane's side, linking a `services` row (kind
 *   'm365_tenant' or 'm365_subscription') to the Microsoft tenant or subscription it stands for;
 * - licensing_sandbox_*: the state of the `sandbox` licensing provider, which stands in for
 *   Microsoft (tenants and subscriptions as Microsoft would hold them), kept apart from hostplane's
 *   rows as the local registry's registry_domains is kept apart from `domains`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('m365_offers'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // Microsoft's "<product id>:<sku id>", e.g. CFQ7TTC0LH18:0001 (Microsoft 365 Business Basic).
    .addColumn('product_sku', 'text', (c) => c.notNull().unique())
    .addColumn('sku_part_number', 'text', (c) => c.notNull())
    // JSON array of "<term duration>:<billing cycle>" pairs, e.g. ["P1M:P1M","P1Y:P1Y","P1Y:P1M"].
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('min_quantity', 'integer', (c) => c.notNull())
    // Seats of this offer one tenant may hold in all; null: no limit.
    .addColumn('max_quantity', 'integer')
    // Per licence per month, annual term paid up front, EUR cents, VAT excluded (see core/m365/pricing.ts).
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('m365_tenants'))
    .addColumn('service_id', 'integer', (c) => c.notNull().unique().references('services.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().unique())
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('m365_subscriptions'))
    .addColumn('service_id', 'integer', (c) => c.notNull().unique().references('services.id'))
    .addColumn('tenant_service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addColumn('subscription_id', 'text', (c) => c.notNull().unique())
    .addColumn('offer_id', 'integer', (c) => c.notNull().references('m365_offers.id'))
    // As bought: the term renews (and the licences stay valid) term after term from the service's start.
    .addColumn('term_duration', 'text', (c) => c.notNull())
    .addColumn('billing_cycle', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('m365_subscriptions_tenant').on('m365_subscriptions').column('tenant_service_id').execute();

  await db.schema
    .createTable('licensing_sandbox_tenants')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('licensing_sandbox_subscriptions')
    .addColumn('subscription_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('licensing_sandbox_tenants.tenant_id'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('offer_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('term_duration', 'text', (c) => c.notNull())
    .addColumn('billing_cycle', 'text', (c) => c.notNull())
    // active | suspended | deleted
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('auto_renew', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('commitment_end_date', 'text', (c) => c.notNull())
    .addColumn('cancellation_allowed_until', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('licensing_sandbox_subscriptions_tenant').on('licensing_sandbox_subscriptions').column('tenant_id').execute();

  const now = new Date().toISOString();
  // Inserted in order without ids, so that the catalog's Id is 1..n on every database.
  for (const offer of M365_SEED_OFFERS) {
    await db.insertInto('m365_offers').values({ ...offer, terms: JSON.stringify(offer.terms), created_at: now }).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'licensing_sandbox_subscriptions', 'licensing_sandbox_tenants', 'm365_subscriptions', 'm365_tenants', 'm365_offers',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
