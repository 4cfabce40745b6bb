import type { Ctx } from '../context.js';
import { addDays, isoTimestamp } from '../dates.js';
import { queueNotification } from './notify.js';
import { BATCH, GRACE_DAYS } from './policy.js';
import { eachOnce, type StepReport } from './step.js';
import { recordEvent } from '../events/record-event.js';

/**
 * `active` domains whose expiry date has passed become `expired`: still registered, still renewable
 * (renewDomain; a renewal invoice billed earlier stays payable) for GRACE_DAYS. The account is told.
 */
export function expireDomains(ctx: Ctx, today: string): Promise<StepReport> {
  return eachOnce('expire domains', () => ctx.store.lifecycle.domainsByExpiry('active', { before: today }, BATCH), (domain) =>
    ctx.store.transaction(async (tx) => {
      if (!(await tx.lifecycle.transitionDomain(domain.id, 'active', 'expired', isoTimestamp(ctx.clock.now())))) return false;
      await recordEvent(tx, ctx, { type: 'domain.expired', userId: domain.user_id, subject: domain.fqdn, data: { exp_date: domain.exp_date } });
      await queueNotification(tx, ctx, domain.user_id, {
        subject: `${domain.fqdn_unicode} has expired`,
        text: `${domain.fqdn_unicode} expired on ${domain.exp_date}. Renew it by ${addDays(domain.exp_date!, GRACE_DAYS)} to keep it.`,
      });
      return true;
    }),
  );
}
