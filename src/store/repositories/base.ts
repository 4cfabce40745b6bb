import { type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import { ReferenceViolation, UniqueViolation, type Page, type PageOf } from '../../ports/store.js';
import { columns, type Database } from '../schema.js';
import { prepared } from '../prepared.js';

export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Runs a write and turns a constraint failure, as SQLite (better-sqlite3) or PostgreSQL reports it,
 * into the store's own error (see storeError).
 */
export async function write<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw storeError(err);
  }
}

/**
 * The store's error for a driver's constraint failure: UniqueViolation for SQLITE_CONSTRAINT_UNIQUE or
 * _PRIMARYKEY and SQLSTATE 23505, ReferenceViolation for SQLITE_CONSTRAINT_FOREIGNKEY and SQLSTATE
 * 23503; any other error as it is.
 */
export function storeError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') return new UniqueViolation(err);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') return new ReferenceViolation(err);
  return err;
}

/**
 * Whether the database locks single rows (PostgreSQL: SELECT ... FOR UPDATE). SQLite has no row locks
 * and needs none: it runs one write transaction at a time (and Kysely's SQLite driver one transaction
 * at a time per process), so a read-then-write inside a transaction is never interleaved there.
 */
export function locksRows(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Tables whose rows are found by an integer `id`. */
export type IdTable = {
  [K in keyof Database & keyof typeof columns]: Database[K] extends { id: unknown } ? K : never;
}[keyof Database & keyof typeof columns];

/**
 * find/create/update/delete by id, shared by every table with an integer key. Kysely cannot type a
 * query over a table name chosen at run time, so the casts live here, once, and each repository
 * states its entity type.
 */
export class IdRepository<E extends { id: number }> {
  constructor(
    protected readonly db: Executor,
    protected readonly table: IdTable,
  ) {}

  protected get q(): Kysely<any> {
    return this.db as unknown as Kysely<any>;
  }

  protected get cols(): readonly string[] {
    return columns[this.table];
  }

  async findById(id: number): Promise<E | undefined> {
    return (await byId(this.table).find(this.db, id))[0] as E | undefined;
  }

  /**
   * findById for a read-then-write: on PostgreSQL the row stays locked until the caller's transaction
   * ends, so a concurrent transaction locking it waits and then reads what this one wrote. Outside a
   * transaction the lock ends with the statement, so call it on a transaction's store.
   * FOR NO KEY UPDATE, not FOR UPDATE: lockers still exclude each other, but a row inserted elsewhere
   * that references this one (an order's user_id: its foreign-key check takes FOR KEY SHARE) does not
   * wait for it. With FOR UPDATE two transactions that had each inserted such a row and then locked the
   * referenced one (two partner orders billed to one monthly invoice) deadlocked.
   */
  async lock(id: number): Promise<E | undefined> {
    return (await byId(this.table).lock(this.db, id))[0] as E | undefined;
  }

  create(values: Omit<E, 'id'>): Promise<E> {
    return write(async () => (await this.q.insertInto(this.table).values(values).returning(this.cols).executeTakeFirstOrThrow()) as E);
  }

  async update(id: number, patch: Partial<Omit<E, 'id'>>): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await write(() => this.q.updateTable(this.table).set(patch).where('id', '=', id).execute());
  }

  async delete(id: number): Promise<void> {
    await this.q.deleteFrom(this.table).where('id', '=', id).execute();
  }

  /** One page of rows matching `where`, ordered by id, with the total count. */
  protected async page(where: Record<string, unknown>, page: Page): Promise<PageOf<E>> {
    let items = this.q.selectFrom(this.table).select(this.cols);
    let count = this.q.selectFrom(this.table).select((eb) => eb.fn.countAll().as('n'));
    for (const [col, value] of Object.entries(where)) {
      items = items.where(col, '=', value);
      count = count.where(col, '=', value);
    }
    const [rows, total] = await Promise.all([
      items.orderBy('id').limit(page.limit).offset(page.offset).execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    return { items: rows as E[], total: Number(total.n) };
  }
}

/** The by-id reads of each table, built once (see prepared). */
const byIdQueries = new Map<IdTable, { find: ReturnType<typeof byIdQuery>; lock: ReturnType<typeof byIdQuery> }>();
function byId(table: IdTable) {
  let queries = byIdQueries.get(table);
  if (!queries) {
    queries = { find: byIdQuery(table, false), lock: byIdQuery(table, true) };
    byIdQueries.set(table, queries);
  }
  return queries;
}
function byIdQuery(table: IdTable, lock: boolean) {
  return prepared((db, id: number) => {
    const query = (db as unknown as Kysely<any>).selectFrom(table).select(columns[table]).where('id', '=', id);
    return lock && locksRows(db) ? query.forNoKeyUpdate() : query;
  });
}
