import type { Ctx } from '../context.js';
import { isoTimestamp } from '../dates.js';
import { FAILED_LOGIN_WINDOW_MS } from '../accounts/login.js';
import type { StepReport } from '../lifecycle/step.js';

/**
 * A partner's token is kept this long after it expired, so that a client refreshing late is told its
 * refresh token "has expired" rather than that it is unknown.
 */
export const EXPIRED_TOKEN_GRACE_MS = 7 * 24 * 3_600_000;

/**
 * Webhook deliveries, one row per event per endpoint, are kept this long once they are delivered or
 * failed: past the retries (about five days), long enough for a partner to look one up and resend it.
 */
export const WEBHOOK_DELIVERY_RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * The schedule's housekeeping: rows that no rule reads any more are dropped, so that tables written on
 * every login or request stay the size of what is live: panel sessions past their end or idle limit
 * (resumeSession refuses them anyway), failed logins out of every lockout window, revoked JWT ids whose
 * tokens have expired (the signature check refuses them first), partner tokens a week after they
 * expired, Idempotency-Keys past their day, settled webhook deliveries past their month and password
 * reset tokens past their hour. Each is one DELETE, safe to race between workers.
 */
export async function pruneExpired(ctx: Ctx): Promise<StepReport> {
  const now = ctx.clock.now().getTime();
  const at = isoTimestamp(new Date(now));
  const ago = (ms: number) => isoTimestamp(new Date(now - ms));
  const { store } = ctx;
  const counts = await Promise.all([
    store.panelSessions.deleteExpired(at, ago(ctx.settings.panelSessions.idleMs)),
    store.auth.pruneFailures(ago(FAILED_LOGIN_WINDOW_MS)),
    store.auth.pruneRevoked(at),
    store.partnerTokens.deleteExpired(ago(EXPIRED_TOKEN_GRACE_MS)),
    store.idempotency.purgeExpired(at),
    store.webhooks.pruneDeliveries(ago(WEBHOOK_DELIVERY_RETENTION_MS)),
    store.messages.pruneResets(at),
  ]);
  return { step: 'prune expired', done: counts.reduce((a, b) => a + b, 0), errors: [] };
}
