import type { Kysely } from 'kysely';
import { withId } from './helpers.js';

/**
 * Reseller partners (the partner API): partners with their own billing account, API keys and OAuth
 * client credentials, access/refresh tokens; customer accounts owned by a partner (its clients); the
 * two client fields the client API's contacts lack (second address line, VAT number); and monthly
 * invoices (a period on an invoice, for the partner's open monthly invoice).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('partners'))
    .addColumn('name', 'text', (c) => c.notNull())
    // The partner's own account: what it buys for itself is its, and its invoices are billed to it.
    .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('client_secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('api_keys'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    // The visible part of the key ("hpk_3f9a1c2b"), to find it and to name a leaked key.
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();

  await withId(db, db.schema.createTable('partner_tokens'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    /** access | refresh */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('users').addColumn('partner_id', 'integer', (c) => c.references('partners.id')).execute();
  await db.schema.alterTable('users').addColumn('client_type', 'text').execute();
  await db.schema.createIndex('users_partner').on('users').columns(['partner_id', 'id']).execute();
  await db.schema.alterTable('contacts').addColumn('address2', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('contacts').addColumn('vat_number', 'text', (c) => c.notNull().defaultTo('')).execute();
  // "2026-11" on a partner's monthly invoice, which collects the month's orders until it is closed.
  await db.schema.alterTable('invoices').addColumn('period', 'text').execute();
  await db.schema.createIndex('invoices_user_period').on('invoices').columns(['user_id', 'period']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invoices_user_period').execute();
  await db.schema.alterTable('invoices').dropColumn('period').execute();
  await db.schema.alterTable('contacts').dropColumn('vat_number').execute();
  await db.schema.alterTable('contacts').dropColumn('address2').execute();
  await db.schema.dropIndex('users_partner').execute();
  await db.schema.alterTable('users').dropColumn('client_type').execute();
  await db.schema.alterTable('users').dropColumn('partner_id').execute();
  for (const table of ['partner_tokens', 'api_keys', 'partners']) await db.schema.dropTable(table).execute();
}
