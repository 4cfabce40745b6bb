import type { Kysely } from 'kysely';

/**
 * The operator can disable an account (`hostplane users disable`): it keeps its domains, invoices and
 * services, but cannot log in and its tokens stop working, until `hostplane users enable`. A time
 * rather than a flag, so `users show` can say since when.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
}
