import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres } from '../migrations/helpers.js';

/**
 * One statement reading rows of several tables side by side (a credential with its holder, a token's
 * user with the domain a request names), read as an array of values (preparedArrays) and taken apart
 * again into each table's own row.
 *
 * On SQLite each table's columns are selected under its alias as `alias_column`, so that no two clash,
 * and found again by position: as an object, the domain GET's row cost better-sqlite3 a quarter of the
 * request's CPU, made a property at a time. On PostgreSQL each table is one `json_build_object` of its
 * columns, which pg parses with JSON.parse: pg reads the statement's field descriptions on every run
 * and builds a parser and an empty row for each field (`Result.addFields`, 9 % of a PostgreSQL domain
 * GET at 67 fields; `PROFILE_STORE=postgres npm run bench:profile`), so four fields cost less than 67.
 * The columns are text, integer and bigint, which JSON gives back as the driver does (a bigint as a
 * number, as the pool's int8 parser makes it).
 */
export class JoinedTable<T> {
  readonly columns: readonly string[];
  readonly #alias: string;
  readonly #id: number;

  constructor(alias: string, columns: readonly string[]) {
    this.#alias = alias;
    this.columns = columns;
    this.#id = columns.indexOf('id');
  }

  /** SQLite: `alias.column as alias_column` for each column. */
  get columnList(): string[] {
    return this.columns.map((c) => `${this.#alias}.${c} as ${this.#alias}_${c}`);
  }

  /** PostgreSQL: the row as one JSON object, `alias_row`. */
  get object(): RawBuilder<unknown> {
    const a = this.#alias;
    return sql`json_build_object(${sql.join(this.columns.flatMap((c) => [sql.lit(c), sql.ref(`${a}.${c}`)]))})`.as(`${a}_row`) as unknown as RawBuilder<unknown>;
  }

  /** This table's row out of the values from `at` on; undefined when a left join found none (its id is NULL). */
  at(values: readonly unknown[], at: number): T | undefined {
    if (values[at + this.#id] === null) return undefined;
    const out: Record<string, unknown> = {};
    const { columns } = this;
    for (let i = 0; i < columns.length; i++) out[columns[i]!] = values[at + i];
    return out as T;
  }

  /** This table's row from its JSON object; undefined when a left join found none. */
  of(value: unknown): T | undefined {
    const row = value as Record<string, unknown> | null;
    return row === null || row.id === null ? undefined : (row as T);
  }
}

/** Tables read side by side in one statement, in this order: the select list, and each table's row out of one array row. */
export class JoinedRow<T extends unknown[]> {
  readonly #tables: Array<JoinedTable<unknown>>;

  constructor(...tables: { [K in keyof T]: JoinedTable<T[K]> }) {
    this.#tables = tables as Array<JoinedTable<unknown>>;
  }

  /** The select list for `db`'s dialect (see JoinedTable). */
  select(db: Kysely<any>): Array<string | RawBuilder<unknown>> {
    return isPostgres(db) ? this.#tables.map((t) => t.object) : this.#tables.flatMap((t) => t.columnList);
  }

  /**
   * Each table's row out of `values`: one JSON object per table (PostgreSQL), or every table's columns
   * in a row (SQLite). Told apart by length: every table has more than one column.
   */
  split(values: readonly unknown[]): { [K in keyof T]: T[K] | undefined } {
    if (values.length === this.#tables.length) return this.#tables.map((table, i) => table.of(values[i])) as { [K in keyof T]: T[K] | undefined };
    let at = 0;
    return this.#tables.map((table) => {
      const row = table.at(values, at);
      at += table.columns.length;
      return row;
    }) as { [K in keyof T]: T[K] | undefined };
  }
}
