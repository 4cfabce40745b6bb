import type { Ctx } from '../context.js';
import type { User } from '../../ports/store.js';
import { notFound } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { recordEvent } from '../events/record-event.js';

/**
 * Disables an account, or enables it again (`hostplane users disable|enable`). A disabled account
 * keeps everything it has (domains, zones, invoices, services keep running and renewing); it cannot
 * log in, refresh a token, or use a token it was given before (authenticate reads the account on
 * every request). Idempotent: disabling a disabled account keeps the first time.
 * Errors: not_found.
 */
export async function setUserDisabled(ctx: Ctx, input: { userId: number; disabled: boolean }): Promise<User> {
  return ctx.store.transaction(async (tx) => {
    const user = await tx.users.lock(input.userId);
    if (!user) throw notFound(`No user ${input.userId}`);
    if (Boolean(user.disabled_at) === input.disabled) return user;
    const now = isoTimestamp(ctx.clock.now());
    const patch = { disabled_at: input.disabled ? now : null, updated_at: now };
    await tx.users.update(user.id, patch);
    await recordEvent(tx, ctx, { type: input.disabled ? 'account.disabled' : 'account.enabled', userId: user.id, subject: user.username });
    return { ...user, ...patch };
  });
}
