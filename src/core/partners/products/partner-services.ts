import type { Service, Store } from '../../../ports/store.js';
import type { TermDuration } from '../../../ports/licensing.js';
import { addDays } from '../../dates.js';
import { billingPeriodOn } from '../../m365/pricing.js';
import { isTermDuration, termMonths } from '../../m365/terms.js';

/** A service as the partner API's product lists show it: with the name it is for and its product. */
export interface PartnerService {
  service: Service;
  /** The domain it is for: a domain's fqdn, a tenant's "<name>.onmicrosoft.com", or "" for none. */
  domain: string;
  /** The catalog product it was bought as (a Microsoft 365 offer's Id), or "" when none. */
  productId: string;
  /**
   * The last day it is valid without a renewal decision: a Microsoft 365 subscription's current term
   * end (terms follow one another from its start), otherwise the service's expiry date.
   */
  validUntil: string | null;
}

/**
 * Which services count as licences in GET products/licenses: software licences sold per seat
 * (kind 'license', an operator's, such as G Data) and Microsoft 365 subscriptions. Tenants, domains'
 * services and hosting are services only.
 */
export const LICENSE_KINDS = ['license', 'm365_subscription'];

/**
 * Adds to each service the domain it is for, its product and its validity, in a few queries for the
 * whole list (not one per service). `today` (YYYY-MM-DD) places subscriptions in their current term.
 */
export async function describeServices(store: Store, services: Service[], today: string): Promise<PartnerService[]> {
  const domainNames = new Map<number, string>();
  for (const id of new Set(services.flatMap((s) => (s.domain_id === null ? [] : [s.domain_id])))) {
    const domain = await store.domains.findById(id);
    if (domain) domainNames.set(id, domain.fqdn);
  }
  const subscriptions = await store.m365.subscriptionsByServices(services.filter((s) => s.kind === 'm365_subscription').map((s) => s.id));
  const tenantServiceIds = [
    ...services.filter((s) => s.kind === 'm365_tenant').map((s) => s.id),
    ...subscriptions.map((s) => s.tenant_service_id),
  ];
  const tenantDomains = new Map((await store.m365.tenantsByServices([...new Set(tenantServiceIds)])).map((t) => [t.service_id, t.domain]));
  const subscriptionOf = new Map(subscriptions.map((s) => [s.service_id, s]));

  return services.map((service) => {
    const subscription = subscriptionOf.get(service.id);
    let domain = service.domain_id === null ? '' : domainNames.get(service.domain_id) ?? '';
    if (service.kind === 'm365_tenant') domain = tenantDomains.get(service.id) ?? '';
    let validUntil = service.exp_date;
    if (subscription) {
      domain = tenantDomains.get(subscription.tenant_service_id) ?? '';
      if (isTermDuration(subscription.term_duration)) validUntil = termEnd(service.start_date, subscription.term_duration, today);
    }
    return { service, domain, productId: subscription ? String(subscription.offer_id) : '', validUntil };
  });
}

/** The last day of the term (of `term`, from `start`) that contains `today`. */
function termEnd(start: string, term: TermDuration, today: string): string {
  return addDays(billingPeriodOn(start, termMonths(term), today < start ? start : today).end, -1);
}
