import type { Ctx } from '../core/context.js';
import type { User } from '../ports/store.js';
import { invalidField } from '../core/errors.js';
import type { CommandArgs } from './command.js';

/**
 * Option parsing shared by the operator commands. Bad values are `invalid` errors, so the CLI exits
 * with 2 and names the option.
 */

/** "9.90", "9,90" (as Finnish operators type it), "10" -> cents. At most two decimals. */
export function parseEuros(text: string, option: string, label = `--${option}`): number {
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) throw invalidField(option, `${label} must be an amount in euros like 9.90, got "${text}"`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A whole number from `min` to `max`; `label` names it in messages (an option, or a positional like ID). */
export function parseCount(text: string, option: string, min = 1, max = 1_000_000, label = `--${option}`): number {
  if (!/^\d{1,10}$/.test(text.trim())) throw invalidField(option, `${label} must be a whole number, got "${text}"`);
  const n = Number(text.trim());
  if (n < min || n > max) throw invalidField(option, `${label} must be ${min}-${max}, got ${n}`);
  return n;
}

export const optionalString = (values: CommandArgs['values'], name: string): string | undefined =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined;

/** `--limit N --offset N` for list commands: 1-1000 (default 100) and 0 or more. */
export const pageOptions = {
  limit: { type: 'string' },
  offset: { type: 'string' },
} as const;

export function pageFrom(values: CommandArgs['values']): { limit: number; offset: number } {
  const limit = optionalString(values, 'limit');
  const offset = optionalString(values, 'offset');
  return {
    limit: limit === undefined ? 100 : parseCount(limit, 'limit', 1, 1000),
    offset: offset === undefined ? 0 : parseCount(offset, 'offset', 0, 2_147_483_647),
  };
}

/** `--user` takes an account id (digits) or a username. */
export async function resolveUser(ctx: Ctx, value: string): Promise<User> {
  const v = value.trim();
  const user = /^\d+$/.test(v) ? await ctx.store.users.findById(Number(v)) : await ctx.store.users.findByUsername(v.toLowerCase());
  if (!user) throw invalidField('user', `No user with id or username "${value}"`);
  return user;
}

/** The accounts behind `ids` (a page's owners), each read once, to show their usernames. */
export async function usersById(ctx: Ctx, ids: number[]): Promise<Map<number, User>> {
  const users = new Map<number, User>();
  for (const id of new Set(ids)) {
    const user = await ctx.store.users.findById(id);
    if (user) users.set(id, user);
  }
  return users;
}

/** Refuses positional arguments beyond the `expected` ones. */
export function positionalsExactly(positionals: string[], expected: string[]): void {
  if (positionals.length < expected.length) {
    const missing = expected[positionals.length]!;
    throw invalidField(missing, `${missing.toUpperCase()} is required`);
  }
  if (positionals.length > expected.length) {
    throw invalidField('arguments', `Unexpected argument "${positionals[expected.length]}"`);
  }
}

/** Pads the columns of a text table to the widest cell. */
export function table(rows: string[][]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export const euros = (cents: number): string => (cents / 100).toFixed(2);
