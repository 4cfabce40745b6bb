import type { Kysely } from 'kysely';
import { withId } from './helpers.js';

/**
 * The web panel (issue 13):
 * - partner_users: the people of a partner who log in to the panel with an e-mail address and a
 *   password (`hostplane partners users add`). A partner's own account (partners.user_id) is a billing
 *   account, not a person, and it has no password anyone knows; several people of one partner each
 *   get a row here, removed one by one. E-mail addresses are stored lower-case and unique over all
 *   partners, since the login form finds the partner by the address alone.
 * - panel_sessions: one row per logged-in browser, found by the SHA-256 of the cookie's token (the
 *   token itself is never stored), for a customer (`customer`, users.id) or a partner's person
 *   (`partner`, partner_users.id); `expires_at` is the absolute end, `last_seen_at` the idle clock.
 *   In the store, so every instance sees every session and a logout ends it everywhere.
 * - domains(user_id, exp_date): the start page's "expiring soon" reads an account's domains by expiry
 *   without reading all of them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('partner_users'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partner_users_partner').on('partner_users').columns(['partner_id', 'id']).execute();

  await db.schema
    .createTable('panel_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    /** customer | partner */
    .addColumn('account_kind', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('panel_sessions_account').on('panel_sessions').columns(['account_kind', 'account_id']).execute();
  await db.schema.createIndex('panel_sessions_expiry').on('panel_sessions').column('expires_at').execute();

  await db.schema.createIndex('domains_user_expiry').on('domains').columns(['user_id', 'exp_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('domains_user_expiry').execute();
  await db.schema.dropTable('panel_sessions').execute();
  await db.schema.dropTable('partner_users').execute();
}
