import type { Ctx } from '../context.js';
import { isoTimestamp } from '../dates.js';
import { BATCH } from './policy.js';
import { eachOnce, type StepReport } from './step.js';

/**
 * A domain in `redemption` whose expiry date lies ahead again was renewed at the registry (a renewal
 * invoice paid late, or support restoring it), so it is `active` again. (An `expired` domain is made
 * active by the renewal's fulfilment itself.)
 */
export function restoreRenewedDomains(ctx: Ctx, today: string): Promise<StepReport> {
  return eachOnce('restore renewed domains', () => ctx.store.lifecycle.domainsByExpiry('redemption', { notBefore: today }, BATCH), (domain) =>
    ctx.store.lifecycle.transitionDomain(domain.id, 'redemption', 'active', isoTimestamp(ctx.clock.now())),
  );
}
