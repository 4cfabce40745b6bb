import type { Kysely } from 'kysely';

/**
 * A partner's client can be deleted (DELETE clients/{id}) once it holds no live domain or active
 * service, but its invoices, orders and past domains stay: they are accounting and registry history.
 * So an account is marked deleted rather than removed; a deleted account cannot log in and is not
 * listed or found through the partner API.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('deleted_at').execute();
}
