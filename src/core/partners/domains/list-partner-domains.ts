import type { Ctx } from '../../context.js';
import type { Domain, Page, PageOf, Store } from '../../../ports/store.js';
import type { OrderTerm } from '../../../ports/store/orders.js';
import type { Partner } from '../../../ports/store/partners.js';
import { isoDate } from '../../dates.js';
import { getPartnerClient } from '../partner-scope.js';
import { domainStanding, type DomainStanding } from './domain-standing.js';

/** A domain as the partner API lists it. */
export interface PartnerDomainView {
  domain: Domain;
  /** The client holding it, or null for the partner's own account. */
  clientId: number | null;
  standing: DomainStanding;
  /** The years of the current registration period (see periodYears). */
  years: number;
  /** The 12-month price of the TLD times `years`, VAT excluded; 0 when the TLD has no 12-month price. */
  priceCents: number;
}

const TERM_KINDS = new Set(['register', 'renew', 'transfer']);

/**
 * The current registration period in years: that of the domain's latest register, renew or transfer
 * order that went through (or is going through); for a domain with no such order here (made by an
 * operator), the whole years between its registration and expiry dates; at least 1.
 */
function periodYears(domain: Domain, orders: OrderTerm[]): number {
  const last = orders.filter((o) => TERM_KINDS.has(o.kind) && o.status !== 'failed' && o.status !== 'open').at(-1);
  if (last) return last.years;
  if (domain.reg_date && domain.exp_date) {
    const months = (Number(domain.exp_date.slice(0, 4)) - Number(domain.reg_date.slice(0, 4))) * 12
      + Number(domain.exp_date.slice(5, 7)) - Number(domain.reg_date.slice(5, 7));
    return Math.max(1, Math.round(months / 12));
  }
  return 1;
}

/** Views of `domains` (all of one partner's), with the orders and TLD prices they need fetched once. */
export async function partnerDomainViews(store: Store, partner: Partner, domains: Domain[], today: string): Promise<PartnerDomainView[]> {
  const orders = await store.orders.listTermsByDomains(domains.map((d) => d.id));
  const byDomain = new Map<number, OrderTerm[]>();
  for (const o of orders) if (o.domain_id !== null) (byDomain.get(o.domain_id) ?? byDomain.set(o.domain_id, []).get(o.domain_id)!).push(o);
  const annual = new Map<string, number>();
  for (const p of await store.tlds.pricesOf([...new Set(domains.map((d) => d.tld))])) {
    if (p.period_months === 12) annual.set(p.tld, p.price_cents);
  }
  return domains.map((domain) => {
    const years = periodYears(domain, byDomain.get(domain.id) ?? []);
    return {
      domain,
      clientId: domain.user_id === partner.user_id ? null : domain.user_id,
      standing: domainStanding(domain, today),
      years,
      priceCents: (annual.get(domain.tld) ?? 0) * years,
    };
  });
}

/**
 * Every live domain of the partner: those of its own account and of its clients (not those
 * transferred away or deleted), oldest first. The document pages nothing here, so all are given.
 */
export async function listPartnerDomains(ctx: Ctx, partner: Partner): Promise<PartnerDomainView[]> {
  const domains = await ctx.store.domains.listByPartner(partner.id, partner.user_id);
  return partnerDomainViews(ctx.store, partner, domains, isoDate(ctx.clock.now()));
}

/**
 * One page of the live domains of `partner`'s client `clientId`, oldest first, with the total: the list
 * above narrowed to one client and read a page at a time in the store (a client may hold thousands;
 * the panel's client page). Errors: not_found (no such client), forbidden (another partner's client).
 */
export async function pagePartnerDomains(
  ctx: Ctx,
  partner: Partner,
  { clientId, page }: { clientId: number; page: Page },
): Promise<PageOf<PartnerDomainView>> {
  const client = await getPartnerClient(ctx.store, partner, clientId);
  const { items, total } = await ctx.store.domains.listByUser(client.id, page);
  return { items: await partnerDomainViews(ctx.store, partner, items, isoDate(ctx.clock.now())), total };
}
