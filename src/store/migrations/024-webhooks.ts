import type { Kysely } from 'kysely';
import { withId } from './helpers.js';

/**
 * Partners' webhooks (issue 14, item 2): the endpoints a partner registered and one delivery row per
 * event (or test) sent to one endpoint (core/webhooks).
 * - webhook_endpoints.events: the subscribed event types as a JSON array, or "*" for every type.
 * - webhook_endpoints.secret: the signing secret (`whsec_` + base64), sealed with AES-256-GCM as zone
 *   keys are (core/webhooks/secret-vault.ts): it must be opened to sign, so it cannot be hashed.
 * - disabled_at / disabled_reason: null while the endpoint receives; first_failure_at: when the
 *   current run of failures began (null after a success), which disables an endpoint failing for days.
 * - webhook_deliveries.payload: the JSON body, fixed when the event was recorded; each attempt signs it
 *   anew with its own webhook-timestamp. status is pending | delivered | failed.
 * - webhook_deliveries(endpoint_id, id): an endpoint's deliveries, newest first, paged.
 * - webhook_endpoints(partner_id, id): the subscriber's read on every event of a partner.
 * - webhook_deliveries(created_at): the schedule's pruning of settled deliveries past their month.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('webhook_endpoints'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .addColumn('disabled_reason', 'text')
    .addColumn('first_failure_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_endpoints_partner').on('webhook_endpoints').columns(['partner_id', 'id']).execute();
  await withId(db, db.schema.createTable('webhook_deliveries'))
    .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id'))
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'id']).execute();
  await db.schema.createIndex('webhook_deliveries_created').on('webhook_deliveries').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}
