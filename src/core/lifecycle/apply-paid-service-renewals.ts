import type { Ctx } from '../context.js';
import { isoTimestamp } from '../dates.js';
import { extendService } from './extend-service.js';
import { queueNotification } from './notify.js';
import { BATCH } from './policy.js';
import { eachOnce, type StepReport } from './step.js';

/**
 * Renews every service whose renewal invoice was paid since the last pass (a domain's renewal needs
 * no such step: paying its invoice queues its 'renew' order for the registry). Each renewal is applied
 * once: marking it `applied` is compare-and-set, in the same transaction as the new expiry.
 */
export function applyPaidServiceRenewals(ctx: Ctx): Promise<StepReport> {
  return eachOnce('apply paid service renewals', () => ctx.store.lifecycle.paidServiceRenewals(BATCH), (renewal) =>
    ctx.store.transaction(async (tx) => {
      if (!(await tx.lifecycle.markApplied(renewal.id, isoTimestamp(ctx.clock.now())))) return false;
      const expiry = await extendService(tx, ctx, renewal.subject_id, renewal.period_end);
      const service = await tx.services.findById(renewal.subject_id);
      if (expiry && service) {
        await queueNotification(tx, ctx, service.user_id, {
          subject: `Renewal of ${service.name}`,
          text: `Thank you for your payment: ${service.name} is renewed until ${expiry}.`,
        });
      }
      return expiry !== undefined;
    }),
  );
}
