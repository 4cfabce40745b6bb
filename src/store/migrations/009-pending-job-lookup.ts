import { sql, type Kysely } from 'kysely';

/**
 * jobs_pending: the pending jobs by kind and payload, for JobRepository.enqueueUnlessPending (a zone
 * changed many times before the worker comes round is published once). Partial: only pending jobs,
 * a handful beside the table's history of done ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('jobs_pending')
    .on('jobs')
    .columns(['kind', 'payload'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_pending').execute();
}
