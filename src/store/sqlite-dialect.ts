import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDatabase, type SqliteDialectConfig } from 'kysely';

/** How many transactions the store committed, and in how many SQLite commits (each one fsync). */
export interface CommitStats {
  transactions: number;
  commits: number;
}

/**
 * Kysely's SQLite dialect with two changes to how transactions reach SQLite.
 *
 * BEGIN IMMEDIATE instead of DEFERRED: a deferred transaction reads first and asks for the write lock
 * only at its first write; in WAL mode, when another process (the CLI beside a running server, a second
 * CLI command) has committed since that read, SQLite cannot upgrade it and fails at once with "database
 * is locked", busy timeout or not. Taking the write lock at BEGIN makes a second process wait its turn
 * (busy_timeout) instead.
 *
 * Group commit: with synchronous=FULL every COMMIT waits for an fsync (0.2-0.4 ms here, a few ms at
 * p99), and better-sqlite3 waits for it on the event loop, so one commit per transaction capped record
 * creates near 800 a second (`npm run bench`). Transactions that run while others are waiting now
 * share one SQLite transaction: each runs inside a SAVEPOINT of a "batch" (a failing one rolls back to
 * its savepoint, alone), and the batch is committed once the event loop has run what was ready
 * (setImmediate), one fsync for all of them. Nothing is acknowledged early: a transaction's caller
 * gets its result only after the COMMIT of its batch, and so does any query that ran while a batch
 * was open (it may have read that batch's rows), so no answer ever shows a row a crash could take
 * back. If the batch's COMMIT fails, every transaction in it fails with that error.
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  private readonly driver: GroupCommitSqliteDriver;

  constructor(config: SqliteDialectConfig & { database: SqliteDatabase; inTransaction: () => boolean }) {
    super(config);
    this.driver = new GroupCommitSqliteDriver(config, config.database, config.inTransaction);
  }

  override createDriver(): Driver {
    return this.driver;
  }

  override createAdapter(): DialectAdapter {
    const adapter = super.createAdapter();
    drivers.set(adapter, this.driver);
    return adapter;
  }

  get stats(): CommitStats {
    return { ...this.driver.stats };
  }
}

interface Batch {
  committed: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const committed = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Awaited only by the holds that used the batch; a batch nobody waits for must not fail the process.
  committed.catch(() => {});
  return { committed, resolve, reject };
}

const raw = (text: string) => CompiledQuery.raw(text);
const SAVEPOINT = 'hostplane_tx';

/** The driver of each SQLite store's adapter (an executor's, shared by its transactions): runNow. */
const drivers = new WeakMap<DialectAdapter, GroupCommitSqliteDriver>();

/**
 * Runs `sql` at once, past Kysely's executor: a read when nothing holds the store's connection and no
 * batch is open, or any statement of the transaction that holds it (`inTransaction`: the caller is a
 * Kysely Transaction, which exists only while it holds the connection). The rows (none for a write
 * without RETURNING), or undefined when the statement must go through Kysely as usual
 * (GroupCommitSqliteDriver.runNow).
 */
export const runNow = (adapter: DialectAdapter, sql: string, parameters: readonly unknown[], inTransaction: boolean): unknown[] | undefined =>
  drivers.get(adapter)?.runNow(sql, parameters, inTransaction);

class GroupCommitSqliteDriver extends SqliteDriver {
  readonly stats: CommitStats = { transactions: 0, commits: 0 };
  /** The open SQLite transaction that transactions join, until its COMMIT. */
  private batch: Batch | undefined;
  private flushScheduled = false;
  /** Whether a query, a transaction or the flush holds the connection (Kysely's mutex is private). */
  private held = false;

  constructor(
    config: SqliteDialectConfig,
    private readonly database: SqliteDatabase,
    /** better-sqlite3's `inTransaction`: whether SQLite still has a transaction open. */
    private readonly inTransaction: () => boolean,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.held = true;
    return connection;
  }

  /**
   * A statement run at once, without Kysely's executor and mutex and their promises: a tenth of a
   * domain GET's CPU went to taking and giving back the connection around a 15 µs statement
   * (`npm run bench:profile`). Only where that is what the usual path would do anyway:
   * - a read from outside a transaction, when nothing holds the connection (a transaction between its
   *   statements, where the read would see its uncommitted rows), no batch is open (the read must then
   *   wait for its COMMIT: releaseConnection) and SQLite has no transaction of its own;
   * - any statement of the transaction holding the connection, which its own queries may use at any
   *   time (SQLite's transaction is open: the batch's, joined by the transaction's savepoint).
   * better-sqlite3 runs the statement synchronously, so nothing else can take the connection
   * meanwhile. Undefined when it cannot: the caller goes the usual way.
   */
  runNow(sql: string, parameters: readonly unknown[], inTransaction: boolean): unknown[] | undefined {
    if (inTransaction ? !(this.held && this.inTransaction()) : this.held || this.batch || this.inTransaction()) return undefined;
    const statement = this.database.prepare(sql);
    if (statement.reader) return statement.all(parameters);
    if (!inTransaction) return undefined;
    statement.run(parameters);
    return [];
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    this.checkBatchAlive();
    // A transaction opened by hand on this connection (the migrations' BEGIN IMMEDIATE) is joined
    // through the savepoint alone and committed by whoever opened it.
    if (!this.batch && !this.inTransaction()) {
      await connection.executeQuery(raw('begin immediate'));
      this.batch = newBatch();
    }
    await connection.executeQuery(raw(`savepoint ${SAVEPOINT}`));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(raw(`release ${SAVEPOINT}`));
    this.stats.transactions++;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.inTransaction()) {
      await connection.executeQuery(raw(`rollback to ${SAVEPOINT}`));
      await connection.executeQuery(raw(`release ${SAVEPOINT}`));
    } else {
      this.checkBatchAlive();
    }
  }

  override async releaseConnection(): Promise<void> {
    this.checkBatchAlive();
    // Whatever ran on the connection while a batch was open may have written to it or read from it.
    const batch = this.batch;
    this.held = false;
    await super.releaseConnection();
    if (!batch) return;
    this.scheduleFlush();
    await batch.committed;
  }

  /**
   * SQLite rolls a whole transaction back by itself on some errors (an I/O error, a full disk). When
   * that took the open batch, the transactions that had joined it are gone, and their callers, still
   * waiting for the COMMIT, hear so; the next transaction opens a new batch (a SAVEPOINT outside any
   * transaction would open one of its own and commit on its RELEASE, outside the batch).
   */
  private checkBatchAlive(): void {
    if (!this.batch || this.inTransaction()) return;
    const batch = this.batch;
    this.batch = undefined;
    batch.reject(new Error('the SQLite transaction was rolled back by an error in a statement run with it'));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  /**
   * Commits the open batch. It takes the connection like any query, after the transactions already
   * waiting for it: they join this batch rather than wait for the next.
   */
  private async flush(): Promise<void> {
    const connection = await this.acquireConnection();
    this.flushScheduled = false;
    const batch = this.batch;
    this.batch = undefined;
    try {
      if (!batch) return;
      try {
        await connection.executeQuery(raw('commit'));
        this.stats.commits++;
        batch.resolve();
      } catch (err) {
        if (this.inTransaction()) await connection.executeQuery(raw('rollback')).catch(() => {});
        batch.reject(err);
      }
    } finally {
      this.held = false;
      await super.releaseConnection();
    }
  }

  /** Closing waits for the queries already waiting for the connection, and commits their batch. */
  override async destroy(): Promise<void> {
    await this.flush();
    await super.destroy();
  }
}
