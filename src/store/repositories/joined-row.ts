/**
 * One statement reading rows of several tables side by side (a credential with its holder, a token's
 * user with the domain a request names): each table's columns are selected under its alias as
 * `alias_column`, so that no two clash, and taken apart again into each table's own row.
 */
export class JoinedTable<T> {
  /** `alias.column as alias_column` for each column, for the statement's select list. */
  readonly select: string[];
  // Made once: building the names on every row was a twentieth of a domain GET.
  readonly #names: Array<readonly [column: string, selected: string]>;
  readonly #id: string;

  constructor(alias: string, columns: readonly string[]) {
    this.select = columns.map((c) => `${alias}.${c} as ${alias}_${c}`);
    this.#names = columns.map((c) => [c, `${alias}_${c}`] as const);
    this.#id = `${alias}_id`;
  }

  /** This table's row out of `row`; undefined when a left join found none (its id is NULL). */
  from(row: Record<string, unknown>): T | undefined {
    if (row[this.#id] === null) return undefined;
    const out: Record<string, unknown> = {};
    for (const [column, selected] of this.#names) out[column] = row[selected];
    return out as T;
  }
}
