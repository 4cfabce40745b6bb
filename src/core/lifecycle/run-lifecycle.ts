import type { Ctx } from '../context.js';
import { isoDate } from '../dates.js';
import { applyPaidServiceRenewals } from './apply-paid-service-renewals.js';
import { billDomainRenewals } from './bill-domain-renewals.js';
import { billServiceRenewals } from './bill-service-renewals.js';
import { chaseOverdueInvoices } from './chase-overdue-invoices.js';
import { deleteExpiredDomains } from './delete-expired-domains.js';
import { expireDomains } from './expire-domains.js';
import { expireServices } from './expire-services.js';
import { restoreRenewedDomains } from './restore-renewed-domains.js';
import { startRedemption } from './start-redemption.js';
import { remindExpiringDomains } from './remind-expiring-domains.js';
import type { StepReport } from './step.js';

/**
 * One pass of the lifecycle schedule, for today by ctx.clock: every step in turn, each taking what
 * is due now (see policy.ts for the calendar). Renewals come before expiry, so a service renewed
 * at once (a partner's) never expires between the two. Every step is safe to run again, at any time
 * and on several workers at once: status changes are compare-and-set and a renewal is billed once
 * per expiry date (unique key), and an overdue invoice's chase moves on by compare-and-set on its stage, so
 * a pass run twice changes nothing the second time.
 * Side effects outside the store (registry, Microsoft, notifications) are queued as outbox jobs in
 * the transactions that call for them; the worker drains them after the pass.
 */
export async function runLifecycle(ctx: Ctx): Promise<StepReport[]> {
  const today = isoDate(ctx.clock.now());
  return [
    await applyPaidServiceRenewals(ctx),
    await restoreRenewedDomains(ctx, today),
    await billDomainRenewals(ctx, today),
    await billServiceRenewals(ctx, today),
    await remindExpiringDomains(ctx, today),
    await expireDomains(ctx, today),
    await expireServices(ctx, today),
    await startRedemption(ctx, today),
    await deleteExpiredDomains(ctx, today),
    await chaseOverdueInvoices(ctx, today),
  ];
}
