import type { Ctx } from '../context.js';
import type { Domain } from '../../ports/store.js';
import { isoTimestamp } from '../dates.js';
import { endHolderRenewal } from '../domains/fulfil-order.js';
import { queueNotification } from '../lifecycle/notify.js';
import { queueZonePublish } from '../dns/publish-zone.js';
import { recordEvent } from '../events/record-event.js';

/**
 * A live domain the registry says is no longer ours: `deleted` there (its expiry policy, or an
 * operator at the registry) or `transferred` to another registrar. In one transaction: the domain's
 * status, its open renewal ended (endHolderRenewal: an unpaid one cancelled, a paid one failed and a
 * partner's line credited), a deleted name's zone dropped and its removal published (as
 * deleteExpiredDomains does), and the holder told. A name transferred away keeps its zone: the new
 * registrar may still delegate to our nameservers while the holder moves the DNS. Returns false when
 * the domain was not live any more (the same news read twice changes nothing).
 */
export async function domainLeftUs(ctx: Ctx, domain: Domain, why: 'deleted' | 'transferred'): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    const at = isoTimestamp(ctx.clock.now());
    if (!(await tx.lifecycle.transitionDomain(domain.id, domain.status, why, at))) return false;
    await endHolderRenewal(tx, ctx, domain, at, why);
    await recordEvent(tx, ctx, {
      type: why === 'deleted' ? 'domain.deleted' : 'domain.transferred_away',
      userId: domain.user_id,
      subject: domain.fqdn,
      data: why === 'deleted' ? { by: 'registry' } : { to: 'registrar' },
    });
    if (why === 'deleted') {
      const zone = await tx.zones.findByDomainId(domain.id);
      if (zone) {
        await tx.zones.delete(zone.id);
        await queueZonePublish(tx, zone.name, at);
      }
    }
    await queueNotification(tx, ctx, domain.user_id, why === 'deleted'
      ? {
          subject: `${domain.fqdn_unicode} has been deleted`,
          text: `${domain.fqdn_unicode} was deleted at the registry; it is no longer registered to you.`,
        }
      : {
          subject: `${domain.fqdn_unicode} was transferred away`,
          text: `${domain.fqdn_unicode} was transferred to another registrar and is no longer managed here.`,
        });
    return true;
  });
}
