import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { Store, User } from '../../ports/store.js';
import { DomainError, FieldErrorCollector } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { recordEvent } from '../events/record-event.js';
import { FAILED_LOGIN_WINDOW_MS } from './login.js';
import { loginSource } from './login-source.js';
import { MAIL_JOB, type MailJob } from '../messages/mail-subscriber.js';
import { recipientOf } from '../messages/recipient.js';

/** How long a reset link works. */
export const RESET_MINUTES = 60;
/** Reset requests for one e-mail address within the failed-login window; beyond, 429 until the oldest leaves it. */
export const MAX_RESET_REQUESTS = 3;

const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Asks for a password reset link for the account whose e-mail address is `email` (the client API's
 * `POST /auth/password-reset`). The answer is the same whether or not an account has the address, so
 * it tells no one which addresses are customers'; only the account's owner hears (by e-mail).
 * Rules:
 * - the link carries a random token (32 bytes); the store keeps its SHA-256 only. It works once, for
 *   RESET_MINUTES; a newer link does not end an older one (either may arrive first), using one ends all.
 * - requests are limited as logins are, in the same store (login_failures, under the key
 *   `password-reset:<address>`): MAX_RESET_REQUESTS per address within the window, and each counts
 *   against the source's budget of failed logins, so one source cannot mail every customer.
 * - the message is queued as a `mail.send` job in the transaction that stores the token, so it is sent
 *   if and only if the token exists (and the request does not wait for the mail server).
 * Errors: rate_limited (retryAfter seconds).
 */
export async function requestPasswordReset(ctx: Ctx, input: { email: string; address?: string }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const key = `password-reset:${email}`;
  const now = ctx.clock.now();
  const at = isoTimestamp(now);
  const since = isoTimestamp(new Date(now.getTime() - FAILED_LOGIN_WINDOW_MS));
  const earlier = await ctx.store.auth.failuresSince(key, since);
  if (earlier.length >= MAX_RESET_REQUESTS) {
    const oldest = Date.parse(earlier[earlier.length - MAX_RESET_REQUESTS]!);
    throw new DomainError('rate_limited', 'Too many password reset requests, try again later', undefined, Math.max(1, Math.ceil((oldest + FAILED_LOGIN_WINDOW_MS - now.getTime()) / 1000)));
  }
  await ctx.store.transaction(async (tx) => {
    await tx.auth.addFailure(key, at, input.address === undefined ? undefined : loginSource(input.address));
    const user = email === '' ? undefined : await tx.users.findByEmail(email);
    if (!user || user.disabled_at) return;
    const recipient = await recipientOf(tx, user.id);
    if (!recipient) return;
    const token = randomBytes(32).toString('base64url');
    const reset = await tx.messages.createReset({
      user_id: user.id,
      token_hash: tokenHash(token),
      expires_at: isoTimestamp(new Date(now.getTime() + RESET_MINUTES * 60_000)),
      used_at: null,
      created_at: at,
    });
    const job: MailJob = { template: 'password_reset', to: user.email, resetId: reset.id, userId: user.id, token };
    await tx.jobs.enqueue(MAIL_JOB, job, at);
  });
}

/**
 * Ends what a holder of an account's old password may hold, on a new password: every access token
 * issued before (token_generation counted up; their refresh too), its panel sessions, and its unused
 * reset links.
 */
export async function endSessions(tx: Store, user: User, at: string): Promise<void> {
  await tx.users.update(user.id, { token_generation: (user.token_generation ?? 0) + 1 });
  await tx.panelSessions.deleteByAccount('customer', user.id);
  await tx.messages.endResets(user.id, at);
}

/**
 * Sets a new password with a reset link's token (`POST /auth/password-reset/confirm`).
 * Rules: the token is one that was sent, not used and not past its hour; the password follows the
 * rules of a new account (passwords.ts). Every problem is named at once. Then, in one transaction: the
 * token is ended (compare-and-set: of two confirmations at once, one wins), with every other unused
 * token of the account; the password is set; the account's failed logins are forgotten; its access
 * tokens (the refresh window's too, token_generation) and panel sessions end, since whoever knew the
 * old password may hold one; `account.password_reset` is recorded (data.by: link).
 * Errors: invalid (token, password).
 */
export async function confirmPasswordReset(ctx: Ctx, input: { token: string; password: string }): Promise<void> {
  const errors = new FieldErrorCollector();
  const expired = 'The token is invalid or has expired';
  const now = ctx.clock.now();
  const at = isoTimestamp(now);
  const found = input.token === '' ? undefined : await ctx.store.messages.findReset(tokenHash(input.token));
  const usable = found !== undefined && found.used_at === null && found.expires_at > at;
  if (!usable) errors.add('token', expired);
  const problem = passwordProblem(input.password);
  if (problem) errors.add('password', problem);
  errors.throwIfAny();
  const passwordHash = await hashPassword(ctx.settings.passwordHashing, input.password);
  await ctx.store.transaction(async (tx) => {
    const user = await tx.users.lock(found!.user_id);
    if (!user || user.deleted_at || user.disabled_at || !(await tx.messages.useReset(found!.id, at))) {
      throw new DomainError('invalid', 'The given data was invalid.', { token: [expired] });
    }
    await tx.users.update(user.id, { password_hash: passwordHash, updated_at: at });
    await endSessions(tx, user, at);
    await tx.auth.clearFailures(user.username);
    await recordEvent(tx, ctx, { type: 'account.password_reset', userId: user.id, subject: user.username, data: { by: 'link' } });
  });
}

