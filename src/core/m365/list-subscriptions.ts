import type { Ctx } from '../context.js';
import type { Partner } from '../../ports/store/partners.js';
import type { M365Offer, M365Tenant } from '../../ports/store/m365.js';
import type { LicensingSubscription } from '../../ports/licensing.js';
import { fromLicensingError } from './licensing-errors.js';
import { getPartnerTenant } from './partner-tenant.js';

export interface TenantSubscription {
  subscription: LicensingSubscription;
  /** The catalog offer it was bought as; undefined for one bought outside hostplane. */
  offer: M365Offer | undefined;
}

/**
 * The subscriptions of a tenant of the partner, as Microsoft holds them (through ctx.licensing),
 * in the order they were bought, each with the catalog offer it was bought as.
 * Errors: not_found / forbidden (serviceId, see getPartnerTenant), upstream_unavailable.
 */
export async function listSubscriptions(
  ctx: Ctx,
  input: { partner: Partner; serviceId: number },
): Promise<{ tenant: M365Tenant; items: TenantSubscription[] }> {
  const { tenant } = await getPartnerTenant(ctx.store, input.partner, input.serviceId);
  let subscriptions: LicensingSubscription[];
  try {
    subscriptions = await ctx.licensing.listSubscriptions(tenant.tenant_id);
  } catch (err) {
    return fromLicensingError(err);
  }
  const offers = new Map((await ctx.store.m365.listOffers()).map((o) => [o.product_sku, o]));
  // In the order they were bought through hostplane (Microsoft's creation times can tie); others last.
  const bought = new Map((await ctx.store.m365.subscriptionsByTenant(tenant.service_id)).map((s, i) => [s.subscription_id, i]));
  const rank = (s: LicensingSubscription) => bought.get(s.subscriptionId) ?? bought.size;
  const ordered = subscriptions.map((s, i) => ({ s, i })).sort((x, y) => rank(x.s) - rank(y.s) || x.i - y.i).map((x) => x.s);
  return { tenant, items: ordered.map((subscription) => ({ subscription, offer: offers.get(subscription.offerId) })) };
}
