import { SqliteAdapter, type CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Executor } from './repositories/base.js';

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
 * On SQLite only. On PostgreSQL the query is built as usual, so plugins that rewrite values
 * (PostgresTextPlugin) still see every one, and there a round trip costs far more than building.
 */
export function prepared<A extends Scalar[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {
  // One template per store (the adapter is the dialect's, shared by its transactions).
  const templates = new WeakMap<object, Template>();
  return async (db: Executor, ...args: A): Promise<R[]> => {
    const executor = db.getExecutor();
    if (!(executor.adapter instanceof SqliteAdapter)) return (await db.executeQuery(build(db as Kysely<Database>, ...args))).rows;
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
    }
    const { compiled, slots } = template;
    const parameters = compiled.parameters.map((fixed, i) => (slots[i] === undefined ? fixed : args[slots[i]!]));
    return (await db.executeQuery<R>({ ...compiled, parameters } as CompiledQuery<R>)).rows;
  };
}
