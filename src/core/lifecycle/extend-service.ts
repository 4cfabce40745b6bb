import type { Ctx } from '../context.js';
import type { Store } from '../../ports/store.js';
import { addMonths, isoTimestamp } from '../dates.js';
import { M365_SUBSCRIPTION_KIND } from './policy.js';
import { recordEvent } from '../events/record-event.js';

/** The outbox job that checks a Microsoft 365 subscription at Microsoft (syncM365Subscription). */
export const M365_SYNC_JOB = 'm365.sync';

/**
 * Records a paid renewal on `tx`: the service's expiry moves one billing period on from `from` (the
 * expiry the renewal was billed from), and an expired service is active again. Nothing happens when
 * the expiry is no longer `from` (it was renewed otherwise meanwhile). A Microsoft 365 subscription
 * gets an 'm365.sync' job: Microsoft renews it on its own, and the job checks that it did.
 * Returns the new expiry, or undefined when nothing changed.
 */
export async function extendService(tx: Store, ctx: Ctx, serviceId: number, from: string): Promise<string | undefined> {
  const service = await tx.services.findById(serviceId);
  if (!service || service.exp_date !== from) return undefined;
  const at = isoTimestamp(ctx.clock.now());
  const expiry = addMonths(from, service.billing_period_months);
  await tx.services.update(service.id, {
    exp_date: expiry,
    ...(service.status === 'expired' ? { status: 'active' } : {}),
    updated_at: at,
  });
  if (service.kind === M365_SUBSCRIPTION_KIND) await tx.jobs.enqueue(M365_SYNC_JOB, { serviceId: service.id }, at);
  await recordEvent(tx, ctx, { type: 'service.renewed', userId: service.user_id, subject: String(service.id), data: { kind: service.kind, name: service.name, exp_date: expiry } });
  return expiry;
}
