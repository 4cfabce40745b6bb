import type { Ctx } from '../context.js';
import { addDays, isoTimestamp } from '../dates.js';
import { BATCH } from './policy.js';
import { eachOnce, type StepReport } from './step.js';
import { recordEvent } from '../events/record-event.js';
import type { Domain } from '../../ports/store.js';

/** Days before expiry at which an account is reminded of a domain it does not renew automatically. */
export const REMINDER_DAYS = [30, 7, 1] as const;

/**
 * Renewal reminders: an active domain whose automatic renewal is off is recorded as `domain.expiring`
 * (data: days, exp_date) 30, 7 and 1 days before its expiry date, and the mail subscriber mails it.
 * Rules:
 * - once per domain, expiry date and threshold: the reminder's row (expiry_reminders, migration 023)
 *   is inserted in the event's transaction, and a second insert, by this pass or another worker's,
 *   inserts nothing and records no event;
 * - only the nearest threshold due is recorded: a domain 5 days from expiry whose 30-day reminder was
 *   never sent (renewal turned off late, or no worker ran) gets the 7-day one, not both at once;
 * - a domain renewed by hand has a new expiry date and is reminded again for it; one with renewal on
 *   is billed instead (bill-domain-renewals.ts).
 */
export async function remindExpiringDomains(ctx: Ctx, today: string): Promise<StepReport> {
  const report: StepReport = { step: 'renewal reminders', done: 0, errors: [] };
  // Nearest first, each threshold taking the expiries after the next nearer one's.
  let from = today;
  for (const days of [...REMINDER_DAYS].sort((a, b) => a - b)) {
    const until = addDays(today, days);
    const notBefore = from;
    const step = await eachOnce(`renewal reminders (${days} days)`, () => ctx.store.messages.domainsToRemind(notBefore, until, days, BATCH), (domain) => remind(ctx, domain, days));
    report.done += step.done;
    report.errors.push(...step.errors);
    from = addDays(until, 1);
  }
  return report;
}

function remind(ctx: Ctx, domain: Domain, days: number): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.messages.claimReminder(domain.id, domain.exp_date!, days, isoTimestamp(ctx.clock.now())))) return false;
    await recordEvent(tx, ctx, { type: 'domain.expiring', userId: domain.user_id, subject: domain.fqdn, data: { days, exp_date: domain.exp_date } });
    return true;
  });
}
