import type { Ctx, CoreSettings } from '../context.js';
import { DomainError } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { verifyAgainstDummy, verifyPassword } from './passwords.js';
import { issueToken, type IssuedToken } from './tokens.js';
import { loginSource } from './login-source.js';
import { VerificationGate } from './verification-gate.js';
import type { User } from '../../ports/store.js';
import { recordEvent } from '../events/record-event.js';

export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** One gate per runtime's settings (a process normally has one), as tokens.ts keeps its keys. */
const gates = new WeakMap<CoreSettings, VerificationGate>();
function gateOf(settings: CoreSettings): VerificationGate {
  let gate = gates.get(settings);
  if (!gate) gates.set(settings, (gate = new VerificationGate(settings.loginVerifications)));
  return gate;
}

/** Seconds until the oldest of `limit` failures (given newest first) leaves the window. */
function retryAfter(newestFirst: string[], limit: number, now: Date): number {
  const oldest = Date.parse(newestFirst[limit - 1]!);
  return Math.max(1, Math.ceil((oldest + FAILED_LOGIN_WINDOW_MS - now.getTime()) / 1000));
}

/**
 * Checks a login name and password and returns the account they name (the client API's login and
 * the panel's, for customers and for partners' people: one set of limits for every way in).
 * `key` is the name as failures are counted under it; `find` reads the account by that name.
 * Rules, cheapest first, so that a refused attempt costs no password verification:
 * - after settings.loginFailuresPerAddress failures from one source (`address`, counted as
 *   loginSource has it) within FAILED_LOGIN_WINDOW_MS, every attempt from it is refused until the oldest
 *   leaves the window: random usernames each have a fresh per-username budget, so only this bounds one
 *   source's guessing. Failures are kept in the store, so every instance counts them;
 * - after MAX_FAILED_LOGINS failures for one username within the window, every attempt for it, right or
 *   wrong, is refused the same way (a guess rate limit, not a lock-out an attacker can extend forever).
 *   A success clears the username's failures (not the source's: one good account must not buy a
 *   source more guesses at others);
 * - at most settings.loginVerifications password verifications run at once in the process; beyond,
 *   the attempt is refused at once (see VerificationGate).
 * A refused password is an `auth.login_failed` event, written with the failure it counts: the
 * account's (`owner`) when the name is one, else no one's but the operator's (a name that is no account).
 * Errors: rate_limited (with retryAfter seconds), overloaded (retryAfter 1), invalid_credentials.
 */
export async function verifyLogin<A extends { password_hash: string; disabled_at?: string | null }>(
  ctx: Ctx,
  input: { key: string; password: string; address?: string },
  find: (key: string) => Promise<A | undefined>,
  owner: (account: A) => { userId?: number; partnerId?: number } = () => ({}),
): Promise<A> {
  const now = ctx.clock.now();
  const username = input.key;
  const since = isoTimestamp(new Date(now.getTime() - FAILED_LOGIN_WINDOW_MS));
  const source = input.address === undefined ? undefined : loginSource(input.address);
  if (source !== undefined) {
    const limit = ctx.settings.loginFailuresPerAddress;
    const fromSource = await ctx.store.auth.latestFailuresFrom(source, since, limit);
    if (fromSource.length >= limit) {
      throw new DomainError('rate_limited', 'Too many failed login attempts from your address, try again later', undefined, retryAfter(fromSource, limit, now));
    }
  }
  const failures = await ctx.store.auth.failuresSince(username, since);
  if (failures.length >= MAX_FAILED_LOGINS) {
    throw new DomainError('rate_limited', 'Too many failed login attempts, try again later', undefined, retryAfter(failures.reverse(), MAX_FAILED_LOGINS, now));
  }

  const leave = gateOf(ctx.settings).tryEnter();
  if (!leave) throw new DomainError('overloaded', 'Too many logins at once, try again in a moment', undefined, 1);
  const account = await find(username);
  let ok: boolean;
  try {
    ok = account ? await verifyPassword(account.password_hash, input.password) : await verifyAgainstDummy(ctx.settings.passwordHashing, input.password);
  } finally {
    leave();
  }
  // A disabled account is refused as a wrong password is: the answer does not tell a guesser that the
  // password was right, and the customer asks the provider, who knows why it was disabled.
  if (!account || !ok || account.disabled_at) {
    await ctx.store.transaction(async (tx) => {
      await tx.auth.addFailure(username, isoTimestamp(now), source);
      await recordEvent(tx, ctx, {
        type: 'auth.login_failed', subject: username, ...(account ? owner(account) : {}),
        data: { reason: !account ? 'unknown_name' : account.disabled_at ? 'disabled' : 'wrong_password' },
      });
    });
    throw new DomainError('invalid_credentials', 'Invalid credentials');
  }
  await ctx.store.auth.clearFailures(username);
  return account;
}

/** The customer account a username and password name, by verifyLogin's rules. Errors: as verifyLogin's. */
export function loginUser(ctx: Ctx, input: { username: string; password: string; address?: string }): Promise<User> {
  const key = input.username.trim().toLowerCase();
  return verifyLogin(ctx, { key, password: input.password, address: input.address }, (name) => ctx.store.users.findByUsername(name), (user) => ({
    userId: user.id,
  }));
}

/** Exchanges a username and password for an access token (the client API's login; rules: verifyLogin). */
export async function login(ctx: Ctx, input: { username: string; password: string; address?: string }): Promise<IssuedToken> {
  const user = await loginUser(ctx, input);
  return issueToken(ctx.settings.jwtSecret, user.id, ctx.clock.now(), user.token_generation ?? 0);
}
