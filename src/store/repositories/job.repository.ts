import { sql } from 'kysely';
import type { Job, JobRepository, Page, PageOf } from '../../ports/store.js';
import { columns } from '../schema.js';
import { type Executor, IdRepository, locksRows } from './base.js';
import { prepared } from '../prepared.js';

/**
 * A new pending job unless one of that kind and payload is pending already, in one statement: the
 * insert selects nothing when the pending one exists, and locks it on PostgreSQL (see
 * enqueueUnlessPending). The values are cast to text so that PostgreSQL knows the types of
 * parameters in a SELECT list.
 */
const enqueueUnlessPendingQuery = (db: Executor, lock: boolean, kind: string, payload: string, at: string, created: string, updated: string, pendingKind: string, pendingPayload: string) => {
  const pending = db
    .selectFrom('jobs')
    .select('id')
    // A literal, as in the partial index jobs_pending: SQLite uses a partial index only for a query
    // that repeats its condition with the same literal, never a bound parameter.
    .where('status', '=', sql.lit('pending'))
    .where('kind', '=', pendingKind)
    .where('payload', '=', pendingPayload)
    .limit(1);
  const text = (value: string) => sql<string>`cast(${value} as text)`;
  return db
    .insertInto('jobs')
    .columns(['kind', 'payload', 'status', 'attempts', 'run_after', 'last_error', 'created_at', 'updated_at'])
    .expression(
      db
        .selectNoFrom([
          text(kind).as('kind'), text(payload).as('payload'), sql.lit('pending').as('status'), sql.lit(0).as('attempts'),
          text(at).as('run_after'), sql.lit(null).as('last_error'), text(created).as('created_at'), text(updated).as('updated_at'),
        ])
        .where(({ not, exists }) => not(exists(lock ? pending.forUpdate() : pending))),
    );
};
// Built once for each store (prepared): every record change queues its zone's publication with it.
const enqueueUnlessPendingLocked = prepared((db, kind: string, payload: string, at: string, created: string, updated: string, pendingKind: string, pendingPayload: string) =>
  enqueueUnlessPendingQuery(db, true, kind, payload, at, created, updated, pendingKind, pendingPayload));
const enqueueUnlessPendingUnlocked = prepared((db, kind: string, payload: string, at: string, created: string, updated: string, pendingKind: string, pendingPayload: string) =>
  enqueueUnlessPendingQuery(db, false, kind, payload, at, created, updated, pendingKind, pendingPayload));

export class KyselyJobRepository extends IdRepository<Job> implements JobRepository {
  constructor(db: Executor) {
    super(db, 'jobs');
  }
  enqueue(kind: string, payload: unknown, at: string): Promise<Job> {
    return this.create({
      kind, payload: JSON.stringify(payload), status: 'pending', attempts: 0, run_after: at, last_error: null,
      created_at: at, updated_at: at,
    });
  }
  /**
   * The pending job is locked on PostgreSQL: without it, a worker could claim that job after this
   * transaction read it and before it committed, run it on the state before this change, and leave
   * nothing to run it on the change (a zone publish that missed the last record: the DNS server never
   * served it). Locked, a claim (FOR UPDATE SKIP LOCKED) passes the job over until this commits; a
   * claim already under way makes this read wait, find the job running, and queue another.
   */
  async enqueueUnlessPending(kind: string, payload: unknown, at: string): Promise<void> {
    const json = JSON.stringify(payload);
    const enqueue = locksRows(this.db) ? enqueueUnlessPendingLocked : enqueueUnlessPendingUnlocked;
    await enqueue(this.db, kind, json, at, at, at, kind, json);
  }
  /**
   * One UPDATE ... WHERE id IN (the due ids) RETURNING: atomic on both stores. On PostgreSQL the ids
   * are picked FOR UPDATE SKIP LOCKED, so a second worker passes over the rows the first is claiming
   * rather than waiting for them (and, under READ COMMITTED, never re-claims one the first claimed).
   */
  async markDone(ids: number[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('jobs').set({ status: 'done', last_error: null, updated_at: now }).where('id', 'in', ids).execute();
  }
  async claimDue(now: string, limit: number, kinds: { skip: readonly string[] } | { only: readonly string[] } = { skip: [] }): Promise<Job[]> {
    let due = this.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'pending')
      .where('run_after', '<=', now)
      // Oldest due first, in the order of the jobs_due index (status, run_after; SQLite's indexes end
      // with the rowid): ordered by id alone, every claim sorted the whole backlog, 0.5 ms a claim
      // with 8,600 jobs waiting, so a queue that fell behind fell further behind (`npm run bench`).
      .orderBy('run_after')
      .orderBy('id')
      .limit(limit);
    if ('only' in kinds) due = kinds.only.length > 0 ? due.where('kind', 'in', [...kinds.only]) : due.where(sql.lit(false));
    else if (kinds.skip.length > 0) due = due.where('kind', 'not in', [...kinds.skip]);
    if (locksRows(this.db)) due = due.forUpdate().skipLocked();
    const claimed = await this.db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', 'in', due)
      .where('status', '=', 'pending')
      .returning(columns.jobs)
      .execute();
    // RETURNING keeps no order; the queue runs oldest due first.
    return claimed.sort((a, b) => (a.run_after < b.run_after ? -1 : a.run_after > b.run_after ? 1 : a.id - b.id));
  }
  async list(filter: { status?: string }, page: Page): Promise<PageOf<Job>> {
    let items = this.db.selectFrom('jobs').select(columns.jobs);
    let count = this.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n'));
    if (filter.status !== undefined) {
      items = items.where('status', '=', filter.status);
      count = count.where('status', '=', filter.status);
    }
    const [rows, total] = await Promise.all([
      items.orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    return { items: rows, total: Number(total.n) };
  }
  async releaseStale(staleBefore: string, now: string, maxAttempts: number): Promise<number> {
    const stale = this.db.updateTable('jobs').where('status', '=', 'running').where('updated_at', '<', staleBefore);
    const error = 'lease expired: the worker running it stopped or lost the store';
    const failed = await stale
      .where('attempts', '>=', maxAttempts)
      .set({ status: 'failed', last_error: error, updated_at: now })
      .executeTakeFirst();
    const retried = await stale
      .where('attempts', '<', maxAttempts)
      .set({ status: 'pending', last_error: error, run_after: now, updated_at: now })
      .executeTakeFirst();
    return Number(failed.numUpdatedRows) + Number(retried.numUpdatedRows);
  }
}
