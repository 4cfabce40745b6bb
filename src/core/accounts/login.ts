import type { Ctx } from '../context.js';
import { DomainError } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { verifyAgainstDummy, verifyPassword } from './passwords.js';
import { issueToken, type IssuedToken } from './tokens.js';

export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Exchanges a username and password for an access token.
 * Rules: after MAX_FAILED_LOGINS failures for one username within FAILED_LOGIN_WINDOW_MS every attempt,
 * right or wrong, is refused until the oldest failure leaves the window (a guess rate limit, not a
 * lock-out an attacker can extend forever). A success clears the failures.
 * Errors: rate_limited (with retryAfter seconds), invalid_credentials.
 */
export async function login(ctx: Ctx, input: { username: string; password: string }): Promise<IssuedToken> {
  const now = ctx.clock.now();
  const username = input.username.trim().toLowerCase();
  const since = isoTimestamp(new Date(now.getTime() - FAILED_LOGIN_WINDOW_MS));
  const failures = await ctx.store.auth.failuresSince(username, since);
  if (failures.length >= MAX_FAILED_LOGINS) {
    const oldest = new Date(failures[failures.length - MAX_FAILED_LOGINS]!).getTime();
    const retryAfter = Math.max(1, Math.ceil((oldest + FAILED_LOGIN_WINDOW_MS - now.getTime()) / 1000));
    throw new DomainError('rate_limited', 'Too many failed login attempts, try again later', undefined, retryAfter);
  }

  const user = await ctx.store.users.findByUsername(username);
  const ok = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);
  // A disabled account is refused as a wrong password is: the answer does not tell a guesser that the
  // password was right, and the customer asks the provider, who knows why it was disabled.
  if (!user || !ok || user.disabled_at) {
    await ctx.store.auth.addFailure(username, isoTimestamp(now));
    throw new DomainError('invalid_credentials', 'Invalid credentials');
  }
  await ctx.store.auth.clearFailures(username);
  return issueToken(ctx.settings.jwtSecret, user.id, now);
}
