import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './repositories/base.js';

/** The SQL texts whose rows the drivers return as arrays of column values (readArrays). */
const arrayTexts = new Set<string>();

/** Whether `sql` was run through readArrays: the SQLite statement cache and the pg client ask. */
export const readsArrays = (sql: string): boolean => arrayTexts.has(sql);

/**
 * Runs `query` and returns its rows as arrays of column values, in the select list's order, instead of
 * objects. For reads of many rows (a DNS server's start-up load: 100,000 zones and their records):
 * better-sqlite3 makes each row object a property at a time, and 1.1 million record rows of 11 columns
 * took it 5.2 s as objects and 1.9 s as arrays; pg's array row mode spares it the same way. The
 * drivers learn it by the SQL text (better-sqlite3's raw mode on the cached statement, pg's
 * `rowMode: 'array'`), so the text must not also be run expecting objects; Kysely's own result
 * transforms must not be needed (none are for a plain select).
 */
export async function readArrays(db: Executor, query: Compilable<unknown>): Promise<unknown[][]> {
  const compiled = query.compile() as CompiledQuery<unknown[]>;
  readsAsArrays(compiled.sql);
  return (await db.executeQuery(compiled)).rows;
}

/** From now on the drivers return the rows of `sql` as arrays (for prepared statements: prepared.ts). */
export function readsAsArrays(sql: string): void {
  arrayTexts.add(sql);
}
