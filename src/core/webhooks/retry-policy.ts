/** The outbox job that makes one attempt at a delivery (jobs/handlers.ts). */
export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

/**
 * How a failed delivery is retried: the outbox's default (twelve attempts in about 70 minutes) suits a
 * registry call, not a partner's server that may be down for a day. So after Standard Webhooks' example
 * schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, then daily, twelve attempts in all, the
 * last about 5 days and 4 hours after the first. That outlasts the default WEBHOOK_DISABLE_AFTER_HOURS
 * (120), so an endpoint that never answers is disabled (and its partner told) by a retry rather than
 * left to fail quietly. No jitter: a failing endpoint's deliveries were queued at different moments
 * anyway, and a schedule a test can step through with a clock is worth more here.
 */
const SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000];

export const webhookRetryPolicy = {
  maxAttempts: 12,
  /** Attempts are made by the worker, never in the drain of the request whose change queued them. */
  workerOnly: true,
  /** The wait after the n-th failed attempt (n from 1). */
  backoffMs: (attempts: number): number => SCHEDULE_MS[Math.min(Math.max(attempts, 1), SCHEDULE_MS.length) - 1]!,
};
