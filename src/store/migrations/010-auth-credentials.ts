import type { Kysely } from 'kysely';

/**
 * Credentials that can be taken back and logins that can be counted per source:
 * - partner_tokens(partner_id): revoking a partner's tokens (a rotated client secret, `hostplane
 *   partners tokens revoke`) updates them all by partner; the table holds every token ever minted.
 * - login_failures.address: the source of a failed client API login (an IPv4 address or an IPv6 /64),
 *   so failures are limited per source as well as per username, kept where every instance sees them;
 *   indexed by address and time for the count in the window.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('partner_tokens_partner').on('partner_tokens').column('partner_id').execute();
  await db.schema.alterTable('login_failures').addColumn('address', 'text').execute();
  await db.schema.createIndex('login_failures_address').on('login_failures').columns(['address', 'failed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_failures_address').execute();
  await db.schema.alterTable('login_failures').dropColumn('address').execute();
  await db.schema.dropIndex('partner_tokens_partner').execute();
}
