import type { Ctx } from '../context.js';
import { isoTimestamp } from '../dates.js';
import { BATCH } from './policy.js';
import { eachOnce, type StepReport } from './step.js';
import { recordEvent } from '../events/record-event.js';

/**
 * `active` domains whose expiry date has passed become `expired`: still registered, still renewable
 * (renewDomain; a renewal invoice billed earlier stays payable) for GRACE_DAYS (policy.ts). The account is told by
 * the mail of its `domain.expired` event (core/messages).
 */
export function expireDomains(ctx: Ctx, today: string): Promise<StepReport> {
  return eachOnce('expire domains', () => ctx.store.lifecycle.domainsByExpiry('active', { before: today }, BATCH), (domain) =>
    ctx.store.transaction(async (tx) => {
      if (!(await tx.lifecycle.transitionDomain(domain.id, 'active', 'expired', isoTimestamp(ctx.clock.now())))) return false;
      await recordEvent(tx, ctx, { type: 'domain.expired', userId: domain.user_id, subject: domain.fqdn, data: { exp_date: domain.exp_date } });
      return true;
    }),
  );
}
