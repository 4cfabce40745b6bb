import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { readsArrays } from './row-arrays.js';

/** Distinct SQL texts kept prepared; queries with IN lists of many lengths make many, so it is bounded. */
const MAX_STATEMENTS = 1_000;

/**
 * better-sqlite3 as Kysely's SqliteDialect sees it, with prepared statements kept for reuse. Kysely
 * prepares every query it runs, and compiling SQL was a tenth of a domain GET's time (`npm run bench`);
 * the same few hundred SQL texts come back on every request, so each is compiled once. When the cache
 * is full the oldest statement goes (first in, first out: a hit costs one Map lookup; keeping the least
 * recently used order cost a delete and an insert per query, 4 % of a domain GET). Safe because Kysely
 * runs one statement at a time on the one connection and reads all rows at once (stmt.all); hostplane
 * never streams a query (stmt.iterate), which would leave a shared statement busy until the stream
 * ends. SQLite recompiles a cached statement by itself after a schema change.
 * The texts run through readArrays are prepared in raw mode: their rows come as arrays.
 */
export function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        if (readsArrays(sql)) statement.raw(true);
        if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
