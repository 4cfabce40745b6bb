import { createHash } from 'node:crypto';
import pg from 'pg';
import { readsArrays } from './row-arrays.js';

/** The statement name of each SQL text run as a named prepared statement (nameStatement). */
const names = new Map<string, string>();

/**
 * Runs `sql` as a named prepared statement from now on, on every connection of every pool made with
 * NamedStatementClient: each connection parses and plans it once, then only binds and executes
 * (node-postgres keeps track of what each connection has prepared). For the statements built once by
 * prepared() (the hot lookups: a token's user, a domain by name); any other SQL is sent unnamed, parsed
 * anew each time, as pg does by default. The name is the text's hash, so one text has one name.
 */
export function nameStatement(sql: string): void {
  if (!names.has(sql)) names.set(sql, `hp_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`);
}

/**
 * A pg client that sends the texts given to nameStatement as named statements. Kysely's driver calls
 * `query(text, values)`; that one form is mapped (and, for the texts of readArrays, asks for rows as
 * arrays), every other call passes through as it is.
 */
export class NamedStatementClient extends pg.Client {
  override query(...args: unknown[]): any {
    const [text, values] = args;
    const mapped = typeof text === 'string' && Array.isArray(values) && args.length === 2;
    const name = mapped ? names.get(text) : undefined;
    if (mapped && readsArrays(text)) return super.query({ name, text, values, rowMode: 'array' });
    if (name) return super.query({ name, text: text as string, values: values as unknown[] });
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}
