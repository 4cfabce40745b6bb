import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations/index.js';

export type Db = Kysely<Database>;

/**
 * Opens the store named by DATABASE_URL (`sqlite:<path>` or `sqlite::memory:`).
 *
 * SQLite settings, and why:
 * - WAL: readers never block the writer and a crash never leaves a torn database.
 * - synchronous=FULL: an acknowledged write survives power loss, not only a process crash; an order
 *   or payment we answered 200 for must still be there after a restart.
 * - foreign_keys=ON: SQLite leaves them off by default, and our references are rules, not hints.
 * - busy_timeout: a second process (the CLI beside a running server) waits for the lock instead of
 *   failing at once with SQLITE_BUSY.
 */
export function openDb(databaseUrl: string): Db {
  if (!databaseUrl.startsWith('sqlite:')) throw new Error(`unsupported DATABASE_URL: ${databaseUrl}`);
  const path = databaseUrl.slice('sqlite:'.length);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
