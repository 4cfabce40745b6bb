import type { Kysely } from 'kysely';
import { withId } from './helpers.js';

/**
 * DNSSEC (issue 12): which zones are signed and how far their flow has come (`zone_dnssec`, one row
 * per signed zone, none for an unsigned one), and their keys (`zone_keys`) with the state and the
 * times each flow waits on (core/dns/dnssec/states.ts). Private keys are stored sealed (AES-256-GCM
 * under DNSSEC_KEY_SECRET), never in the clear. Both go with their zone (ON DELETE CASCADE): a zone
 * removed with its domain takes its keys along.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('zone_dnssec')
    .addColumn('zone_id', 'integer', (c) => c.primaryKey().references('zones.id').onDelete('cascade'))
    /** enabling | on | rolling | disabling */
    .addColumn('state', 'text', (c) => c.notNull())
    /** registry | external */
    .addColumn('parent', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('zone_keys'))
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    .addColumn('key_tag', 'integer', (c) => c.notNull())
    .addColumn('algorithm', 'integer', (c) => c.notNull())
    .addColumn('flags', 'integer', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    /** published | served | submitted | active | withdrawing | retired */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('served_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('active_at', 'text')
    .addColumn('retired_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('zone_keys_zone').on('zone_keys').column('zone_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('zone_keys').execute();
  await db.schema.dropTable('zone_dnssec').execute();
}
