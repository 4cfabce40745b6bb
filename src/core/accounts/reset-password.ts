import { randomBytes } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { User } from '../../ports/store.js';
import { invalidField, notFound } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { recordEvent } from '../events/record-event.js';
import { endSessions } from './password-reset.js';

/**
 * Sets a new password for an account (`hostplane users reset-password`): the one given, or a
 * generated one (16 random bytes, 22 characters) that the operator passes on. The account's failed
 * logins are forgotten, so a customer locked out by guessing logs in with it at once. Sessions end as
 * with a reset link (endSessions: access tokens, their refresh, panel sessions, reset links): whoever
 * knew the old password may hold one.
 * Rules: the password rules of a new account. Errors: not_found, invalid (password).
 */
export async function resetPassword(
  ctx: Ctx,
  input: { userId: number; password?: string },
): Promise<{ user: User; password: string; generated: boolean }> {
  const generated = input.password === undefined;
  const password = input.password ?? randomBytes(16).toString('base64url');
  const problem = passwordProblem(password);
  if (problem) throw invalidField('password', problem);
  const passwordHash = await hashPassword(ctx.settings.passwordHashing, password);
  const user = await ctx.store.transaction(async (tx) => {
    const found = await tx.users.lock(input.userId);
    if (!found) throw notFound(`No user ${input.userId}`);
    const patch = { password_hash: passwordHash, updated_at: isoTimestamp(ctx.clock.now()) };
    await tx.users.update(found.id, patch);
    await endSessions(tx, found, patch.updated_at);
    await tx.auth.clearFailures(found.username);
    await recordEvent(tx, ctx, { type: 'account.password_reset', userId: found.id, subject: found.username });
    return { ...found, ...patch, token_generation: (found.token_generation ?? 0) + 1 };
  });
  return { user, password, generated };
}
