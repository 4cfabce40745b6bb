/**
 * One statement reading rows of several tables side by side (a credential with its holder, a token's
 * user with the domain a request names): each table's columns are selected under its alias as
 * `alias_column`, so that no two clash, and the row, read as an array of values (preparedArrays), is
 * taken apart again into each table's own row by position. As an object, the 52-column row of a
 * domain GET cost better-sqlite3 a quarter of the request's CPU, made a property at a time.
 */
export class JoinedTable<T> {
  /** `alias.column as alias_column` for each column, for the statement's select list. */
  readonly select: string[];
  readonly columns: readonly string[];
  readonly #id: number;

  constructor(alias: string, columns: readonly string[]) {
    this.select = columns.map((c) => `${alias}.${c} as ${alias}_${c}`);
    this.columns = columns;
    this.#id = columns.indexOf('id');
  }

  /** This table's row out of the values from `at` on; undefined when a left join found none (its id is NULL). */
  at(values: readonly unknown[], at: number): T | undefined {
    if (values[at + this.#id] === null) return undefined;
    const out: Record<string, unknown> = {};
    const { columns } = this;
    for (let i = 0; i < columns.length; i++) out[columns[i]!] = values[at + i];
    return out as T;
  }
}

/** Tables read side by side in one statement, in this order: the select list, and each table's row out of one array row. */
export class JoinedRow<T extends unknown[]> {
  readonly select: string[];
  readonly #tables: Array<JoinedTable<unknown>>;

  constructor(...tables: { [K in keyof T]: JoinedTable<T[K]> }) {
    this.#tables = tables as Array<JoinedTable<unknown>>;
    this.select = this.#tables.flatMap((t) => t.select);
  }

  split(values: readonly unknown[]): { [K in keyof T]: T[K] | undefined } {
    let at = 0;
    return this.#tables.map((table) => {
      const row = table.at(values, at);
      at += table.columns.length;
      return row;
    }) as { [K in keyof T]: T[K] | undefined };
  }
}
