/**
 * One statement reading rows of several tables side by side (a credential with its holder, a token's
 * user with the domain a request names): each table's columns are selected under its alias as
 * `alias_column`, so that no two clash, and taken apart again into each table's own row.
 */

/** `alias.column as alias_column` for each column. */
export const aliased = (alias: string, cols: readonly string[]): string[] => cols.map((c) => `${alias}.${c} as ${alias}_${c}`);

/** The columns of `alias` in `row`, as the table's own row; undefined when a left join found none (its id is NULL). */
export function part<T>(row: Record<string, unknown>, alias: string, cols: readonly string[]): T | undefined {
  if (row[`${alias}_id`] === null) return undefined;
  const out: Record<string, unknown> = {};
  for (const c of cols) out[c] = row[`${alias}_${c}`];
  return out as T;
}
