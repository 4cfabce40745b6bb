import { PostgresAdapter, SqliteAdapter, type CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Executor } from './repositories/base.js';
import { pgTextValue } from './postgres-text.js';
import { nameStatement } from './postgres-statements.js';
import { readArrays, readsAsArrays } from './row-arrays.js';
import { runNow } from './sqlite-dialect.js';

/** Where an argument goes in a query built once: Kysely carries it into the parameters untouched. */
class Slot {
  constructor(readonly index: number) {}
}

interface Template {
  compiled: CompiledQuery;
  /** For each parameter: the argument it takes, or undefined for a value fixed in the query. */
  slots: Array<number | undefined>;
}

/** Scalar arguments only: a Slot cannot stand for a list (`in`) or a row (`values`). */
type Scalar = string | number | null;

/**
 * A query of fixed shape, built and compiled by Kysely once and then run with new values. Kysely
 * builds and compiles every query anew (an immutable tree, frozen node by node, then walked to SQL):
 * a quarter of the CPU of a record create on SQLite, where the query itself costs less than building
 * it (`npm run bench:profile`). `build` must give the same SQL for any arguments: no branches on
 * them, no lists, every argument a bound value.
 *
 * On PostgreSQL the template is also a named prepared statement (postgres-statements.ts), parsed and
 * planned once per connection instead of on every run; the arguments, which PostgresTextPlugin no
 * longer sees (it rewrote the template's fixed values when it was built), get its rewrite here.
 * With any other adapter the query is built as usual.
 */
export function prepared<A extends Scalar[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>): (db: Executor, ...args: A) => Promise<R[]> {
  return preparedQuery(build, false) as (db: Executor, ...args: A) => Promise<R[]>;
}

/**
 * prepared(), with the rows as arrays of values in the select list's order (row-arrays.ts): for the
 * joined reads of many columns (joined-row.ts), which better-sqlite3 makes into objects a property at
 * a time.
 */
export function preparedArrays<A extends Scalar[]>(build: (db: Kysely<Database>, ...args: A) => Compilable<unknown>): (db: Executor, ...args: A) => Promise<unknown[][]> {
  return preparedQuery(build, true) as (db: Executor, ...args: A) => Promise<unknown[][]>;
}

function preparedQuery<A extends Scalar[]>(build: (db: Kysely<Database>, ...args: A) => Compilable<unknown>, arrays: boolean) {
  // One template per store (the adapter is the dialect's, shared by its transactions).
  const templates = new WeakMap<object, Template>();
  return async (db: Executor, ...args: A): Promise<unknown[]> => {
    const executor = db.getExecutor();
    const postgres = executor.adapter instanceof PostgresAdapter;
    if (!postgres && !(executor.adapter instanceof SqliteAdapter)) {
      const query = build(db as Kysely<Database>, ...args);
      return arrays ? readArrays(db, query) : (await db.executeQuery(query)).rows;
    }
    let template = templates.get(executor.adapter);
    if (!template) {
      const compiled = build(db as Kysely<Database>, ...(args.map((_, i) => new Slot(i)) as unknown as A)).compile();
      const slots = compiled.parameters.map((p) => (p instanceof Slot ? p.index : undefined));
      const bound = slots.filter((s) => s !== undefined);
      if (bound.length !== args.length || new Set(bound).size !== args.length) {
        throw new Error(`prepared query does not bind each argument once: ${compiled.sql}`);
      }
      template = { compiled, slots };
      templates.set(executor.adapter, template);
      if (postgres) nameStatement(compiled.sql);
      if (arrays) readsAsArrays(compiled.sql);
    }
    const { compiled, slots } = template;
    const parameters = compiled.parameters.map((fixed, i) =>
      slots[i] === undefined ? fixed : postgres ? pgTextValue(args[slots[i]!]) : args[slots[i]!]);
    if (!postgres) {
      const rows = runNow(executor.adapter, compiled.sql, parameters, (db as Kysely<Database>).isTransaction);
      if (rows) return rows;
    }
    return (await db.executeQuery({ ...compiled, parameters } as CompiledQuery)).rows;
  };
}
