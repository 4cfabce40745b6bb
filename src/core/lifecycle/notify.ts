import type { Ctx } from '../context.js';
import type { Store } from '../../ports/store.js';
import { isoTimestamp } from '../dates.js';

/** The outbox job that sends one notification (see jobs/handlers.ts: a log line for now). */
export const NOTIFICATION_JOB = 'notification';

export interface Notification {
  user_id: number;
  /** The account's e-mail address when the notification was queued. */
  to: string;
  subject: string;
  text: string;
}

/**
 * Queues an e-mail-style notification to account `userId` on `tx`, so it goes out if and only if the
 * change it tells of commits. Nothing is queued for an account that does not exist.
 */
export async function queueNotification(tx: Store, ctx: Ctx, userId: number, message: { subject: string; text: string }): Promise<void> {
  const user = await tx.users.findById(userId);
  if (!user) return;
  const notification: Notification = { user_id: userId, to: user.email, ...message };
  await tx.jobs.enqueue(NOTIFICATION_JOB, notification, isoTimestamp(ctx.clock.now()));
}
