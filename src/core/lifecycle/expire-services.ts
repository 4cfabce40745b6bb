import type { Ctx } from '../context.js';
import { isoTimestamp } from '../dates.js';
import { queueNotification } from './notify.js';
import { BATCH } from './policy.js';
import { eachOnce, type StepReport } from './step.js';
import { recordEvent } from '../events/record-event.js';

/**
 * `active` services whose expiry date has passed become `expired` (a renewal invoice paid later
 * makes them active again: applyPaidServiceRenewals). The account is told.
 */
export function expireServices(ctx: Ctx, today: string): Promise<StepReport> {
  return eachOnce('expire services', () => ctx.store.lifecycle.servicesByExpiry('active', { before: today }, BATCH), (service) =>
    ctx.store.transaction(async (tx) => {
      if (!(await tx.lifecycle.transitionService(service.id, 'active', 'expired', isoTimestamp(ctx.clock.now())))) return false;
      await recordEvent(tx, ctx, { type: 'service.expired', userId: service.user_id, subject: String(service.id), data: { kind: service.kind, name: service.name } });
      await queueNotification(tx, ctx, service.user_id, {
        subject: `${service.name} has expired`,
        text: `${service.name} expired on ${service.exp_date}.`,
      });
      return true;
    }),
  );
}
