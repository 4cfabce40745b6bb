import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, sql } from 'kysely';
import { GroupCommitSqliteDialect, type CommitStats } from './sqlite-dialect.js';
import type { Database } from './schema.js';
import { migrationNames, migrationProvider } from './migrations/index.js';
import { isPostgres } from './migrations/helpers.js';
import { PostgresTextPlugin } from './postgres-text.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import { CurrentSchemaPostgresDialect } from './postgres-introspector.js';
import { NamedStatementClient } from './postgres-statements.js';

export type Db = Kysely<Database>;

/** Whether DATABASE_URL names a PostgreSQL database (libpq's two spellings). */
export const isPostgresUrl = (databaseUrl: string): boolean => /^postgres(ql)?:\/\//.test(databaseUrl);

/**
 * Opens the store named by DATABASE_URL: `sqlite:<path>`, `sqlite::memory:`, or
 * `postgres://user@host:port/database` (also `postgresql://`; libpq's query parameters such as
 * `options=-c search_path=...` or `sslmode` pass through to the driver).
 */
export function openDb(databaseUrl: string): Db {
  const path = sqlitePathOf(databaseUrl);
  if (path !== undefined) return openSqlite(path);
  if (isPostgresUrl(databaseUrl)) return openPostgres(databaseUrl);
  throw new Error(`unsupported DATABASE_URL: ${databaseUrl}`);
}

/** The file (or `:memory:`) a `sqlite:` DATABASE_URL names; undefined for other stores. */
export const sqlitePathOf = (databaseUrl: string): string | undefined =>
  databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : undefined;

/**
 * Whether the PostgreSQL store at `databaseUrl` holds hostplane's tables (its migrations ran), looked
 * for in the schema the connection uses; an empty database or schema has none.
 */
export async function hasHostplaneTables(databaseUrl: string): Promise<boolean> {
  const db = openPostgres(databaseUrl);
  try {
    const { rows } = await sql<{ found: number }>`
      select count(*) as found from information_schema.tables
      where table_schema = current_schema() and table_name = 'users'`.execute(db);
    return Number(rows[0]?.found) > 0;
  } finally {
    await db.destroy();
  }
}

/**
 * SQLite settings, and why:
 * - WAL: readers never block the writer and a crash never leaves a torn database.
 * - synchronous=FULL: an acknowledged write survives power loss, not only a process crash; an order
 *   or payment we answered 200 for must still be there after a restart.
 * - foreign_keys=ON: SQLite leaves them off by default, and our references are rules, not hints.
 * - busy_timeout: a second process (the CLI beside a running server) waits for the lock instead of
 *   failing at once with SQLITE_BUSY; transactions begin IMMEDIATE so that it can, and several
 *   transactions share one fsync'd commit (GroupCommitSqliteDialect).
 */
function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const dialect = new GroupCommitSqliteDialect({ database: withStatementCache(sqlite), inTransaction: () => sqlite.inTransaction });
  const db = new Kysely<Database>({ dialect });
  sqliteDialects.set(db, dialect);
  return db;
}

const sqliteDialects = new WeakMap<Db, GroupCommitSqliteDialect>();

/** A SQLite store's transactions and the commits they shared (group commit); undefined on PostgreSQL. */
export const commitStats = (db: Db): CommitStats | undefined => sqliteDialects.get(db)?.stats;

/** PostgreSQL type OIDs read back as numbers rather than the driver's default strings. */
const INT8_OID = 20;

/**
 * PostgreSQL settings, and why:
 * - PostgresTextPlugin: text there cannot hold U+0000 (see the plugin).
 * - CurrentSchemaPostgresDialect: the Migrator's table checks look at this store's schema only, so
 *   another schema dropped at the same moment cannot fail our start (see the introspector).
 * - int8 (bigint: zone serials, count(*)) is parsed to a JS number: the entities say `number`, and
 *   every such value (a serial is 10 digits, a count far less) is below 2^53. pg returns strings by
 *   default only because int8 can exceed that. Set on this pool only, not on pg's global type table.
 * - A small pool: one process serves HTTP, DNS publishing and jobs; requests hold a connection only for
 *   a transaction's length, and several machines share the server's max_connections.
 * - NamedStatementClient: the hot lookups are parsed and planned once per connection, not per request.
 */
function openPostgres(connectionString: string): Db {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // The statements prepared() builds once are named prepared statements (postgres-statements.ts).
    Client: NamedStatementClient,
    // An idle pool does not keep the process alive (a CLI command, or a runtime whose start failed).
    allowExitOnIdle: true,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  return new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }), plugins: [new PostgresTextPlugin()] });
}

export async function migrate(db: Db): Promise<void> {
  if (await upToDate(db)) return;
  if (isPostgres(db)) return migrateWith(db);
  // SQLite: Kysely's Migrator takes no lock there (one connection, it assumes one process), so two
  // processes starting on a fresh store at once (`serve` beside `worker`, CLI commands run together)
  // would both apply the same migration and one would fail on "table ... already exists". BEGIN
  // IMMEDIATE takes the database's write lock first: the second process waits (busy_timeout) and then
  // finds the migrations done. It also makes each run all-or-nothing, as SQLite's DDL is transactional.
  await db.connection().execute(async (conn) => {
    await beginImmediate(conn);
    try {
      await migrateWith(conn);
      await sql`commit`.execute(conn);
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}

/**
 * BEGIN IMMEDIATE, waiting as long as another process's migrations take: each try waits the busy
 * timeout (5 s), and adding an index to a large store can take longer than that.
 */
async function beginImmediate(conn: Db): Promise<void> {
  const deadline = Date.now() + MIGRATION_WAIT_MS;
  for (;;) {
    try {
      await sql`begin immediate`.execute(conn);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
    }
  }
}
const MIGRATION_WAIT_MS = 10 * 60_000;

/**
 * Whether every migration is recorded as applied already: one read, where Kysely's Migrator looks its
 * bookkeeping tables up through the catalogue and takes its lock first (some 0.7 s on PostgreSQL, paid
 * by every CLI command and process start). Migrations are never removed, so all recorded means nothing
 * to do; anything else (no store yet, one missing) goes through the Migrator and its lock.
 */
async function upToDate(db: Db): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.map((r) => r.name));
    return migrationNames.every((name) => applied.has(name));
  } catch {
    return false; // no bookkeeping table: a new store
  }
}

async function migrateWith(db: Db): Promise<void> {
  // On PostgreSQL Kysely looks for its bookkeeping tables in every schema of the database unless told
  // which one, so a second hostplane in another schema of the same database (a test run, a staging
  // copy) would take the first one's tables for its own. They belong in the schema the store uses.
  const migrationTableSchema = isPostgres(db)
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
