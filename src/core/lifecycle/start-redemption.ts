import type { Ctx } from '../context.js';
import { addDays, isoTimestamp } from '../dates.js';
import { queueNotification } from './notify.js';
import { BATCH, GRACE_DAYS, REDEMPTION_DAYS } from './policy.js';
import { eachOnce, type StepReport } from './step.js';
import { recordEvent } from '../events/record-event.js';

/**
 * `expired` domains more than GRACE_DAYS past their expiry date enter `redemption`: the registration
 * is held for REDEMPTION_DAYS more and can no longer be renewed through the API (registries charge a
 * restore fee, so support handles it). A renewal invoice billed earlier and paid now still renews it
 * (restoreRenewedDomains). The account is told when it will be deleted.
 */
export function startRedemption(ctx: Ctx, today: string): Promise<StepReport> {
  const before = addDays(today, -GRACE_DAYS);
  return eachOnce('start redemption', () => ctx.store.lifecycle.domainsByExpiry('expired', { before }, BATCH), (domain) =>
    ctx.store.transaction(async (tx) => {
      if (!(await tx.lifecycle.transitionDomain(domain.id, 'expired', 'redemption', isoTimestamp(ctx.clock.now())))) return false;
      await recordEvent(tx, ctx, { type: 'domain.redemption_started', userId: domain.user_id, subject: domain.fqdn, data: { exp_date: domain.exp_date } });
      await queueNotification(tx, ctx, domain.user_id, {
        subject: `${domain.fqdn_unicode} is in redemption`,
        text: `${domain.fqdn_unicode} expired on ${domain.exp_date} and was not renewed. It will be deleted after ${addDays(domain.exp_date!, GRACE_DAYS + REDEMPTION_DAYS)}; contact support to restore it.`,
      });
      return true;
    }),
  );
}
