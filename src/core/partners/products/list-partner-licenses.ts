import type { Ctx } from '../../context.js';
import type { Partner } from '../../../ports/store/partners.js';
import { addDays, isoDate } from '../../dates.js';
import { describeServices, LICENSE_KINDS, type PartnerService } from './partner-services.js';

/** How far ahead GET products/licenses counts expiring licences (`expiringWithin60days`). */
export const EXPIRING_WITHIN_DAYS = 60;

/**
 * The licences (see LICENSE_KINDS) of the partner's own account and of its clients, by id, and how
 * many of them will expire within 60 days: active, valid until a day from today to 60 days ahead
 * (both included), and not renewing by themselves (a subscription with automatic renewal, as
 * Microsoft 365 subscriptions have by default, starts a new term instead of expiring).
 */
export async function listPartnerLicenses(
  ctx: Ctx,
  input: { partner: Partner },
): Promise<{ licenses: PartnerService[]; expiringWithin60days: number }> {
  const services = await ctx.store.services.listByPartner(input.partner, { kinds: LICENSE_KINDS });
  const today = isoDate(ctx.clock.now());
  const horizon = addDays(today, EXPIRING_WITHIN_DAYS);
  const licenses = await describeServices(ctx.store, services, today);
  const expiring = licenses.filter(({ service, validUntil }) =>
    service.status === 'active' && service.renew === 0 && validUntil !== null && validUntil >= today && validUntil <= horizon);
  return { licenses, expiringWithin60days: expiring.length };
}
