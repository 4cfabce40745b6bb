import type { Ctx } from '../context.js';
import { addDays, isoTimestamp } from '../dates.js';
import { RENEWING_KINDS } from '../domains/order-kinds.js';
import { queueNotification } from './notify.js';
import { BATCH, GRACE_DAYS, REDEMPTION_DAYS } from './policy.js';
import { eachOnce, type StepReport } from './step.js';
import { queueZonePublish } from '../dns/publish-zone.js';
import { recordEvent } from '../events/record-event.js';

/** The outbox job that ends a deleted domain's registration at the registry (releaseDomain). */
export const DOMAIN_RELEASE_JOB = 'domain.release';

/**
 * Domains in `redemption` more than GRACE_DAYS + REDEMPTION_DAYS past their expiry date are
 * `deleted`. In the same transaction: an unpaid renewal order for the name is cancelled (its invoice
 * no longer buys anything, and an open order would keep the name from being bought again), the zone
 * is dropped and its removal published, and a 'domain.release' job frees the name at the registry.
 * A domain whose renewal is paid and being fulfilled is left alone: it is about to be renewed.
 */
export function deleteExpiredDomains(ctx: Ctx, today: string): Promise<StepReport> {
  const before = addDays(today, -(GRACE_DAYS + REDEMPTION_DAYS));
  return eachOnce('delete expired domains', () => ctx.store.lifecycle.domainsByExpiry('redemption', { before }, BATCH), (domain) =>
    ctx.store.transaction(async (tx) => {
      const at = isoTimestamp(ctx.clock.now());
      const open = await tx.orders.findOpenByFqdn(domain.fqdn, RENEWING_KINDS);
      if (open?.status === 'paid') return false;
      if (!(await tx.lifecycle.transitionDomain(domain.id, 'redemption', 'deleted', at))) return false;
      if (open && open.domain_id === domain.id) {
        await tx.orders.update(open.id, { status: 'cancelled', error: 'the domain was deleted before the order was paid', updated_at: at });
      }
      const zone = await tx.zones.findByDomainId(domain.id);
      if (zone) {
        await tx.zones.delete(zone.id);
        await queueZonePublish(tx, zone.name, at);
      }
      await tx.jobs.enqueue(DOMAIN_RELEASE_JOB, { domainId: domain.id }, at);
      await recordEvent(tx, ctx, { type: 'domain.deleted', userId: domain.user_id, subject: domain.fqdn, data: { by: 'expiry', exp_date: domain.exp_date } });
      await queueNotification(tx, ctx, domain.user_id, {
        subject: `${domain.fqdn_unicode} has been deleted`,
        text: `${domain.fqdn_unicode} expired on ${domain.exp_date} and was not renewed; it has been deleted and may be registered by anyone.`,
      });
      return true;
    }),
  );
}
