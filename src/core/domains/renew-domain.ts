import type { Ctx } from '../context.js';
import type { Domain, Store } from '../../ports/store.js';
import { addYears, isoDate } from '../dates.js';
import { FieldErrorCollector, invalidField, notFound } from '../errors.js';
import { parseDomainName } from './domain-name.js';
import { commitOrder, orderLineDescription, orderPlacedBy, placeOrder, type OrderRequest } from './place-order.js';
import { RENEWING_KINDS } from './order-kinds.js';
import { tldPrice } from './tld-price.js';

export interface RenewDomainInput {
  domain: string;
  years: number;
}

export const RENEW_ORDER_EXISTS = 'Unable to renew domain. Unpaid recurring invoice is currently active for the domain.';
export const RENEW_NOT_OWNER = 'Unable to renew domain. The given domain is not associated with the authenticated user.';
export const RENEW_NOT_RENEWABLE = 'Unable to renew domain. Only active or expired domains can be renewed.';
export const RENEW_TOO_FAR = 'Unable to renew domain. A registration may not extend more than 10 years ahead.';

/**
 * Orders the renewal of one of the user's domains for `years` (1-10, priced for its TLD).
 * Rules: the name must be a live domain (else not_found, as the document shows: 404 even for a name
 * that is not a domain at all), the user's (else 422, not 403: the document's choice for this
 * endpoint), `active` or `expired`, with no unprocessed renewal or registration order; the new expiry may not lie more than
 * 10 years ahead (the registry would refuse it after payment).
 * Writes, in one transaction: the `renew` order and its invoice line "<name> rekisteröinnin uudistus
 * <expiry>-<new expiry>" billed to the domain's billing contact.
 * Errors: invalid (domain, years), not_found.
 */
export async function renewDomain(ctx: Ctx, userId: number, input: RenewDomainInput, request: OrderRequest = {}): Promise<void> {
  const errors = new FieldErrorCollector();
  const given = typeof input.domain === 'string' ? input.domain.trim() : '';
  if (given === '') errors.add('domain', 'The domain is required');
  const years = input.years;
  if (!Number.isInteger(years) || years < 1 || years > 10) errors.add('years', 'The years must be between 1 and 10');
  errors.throwIfAny();
  if (await orderPlacedBy(ctx, request)) return;
  const name = parseDomainName(given);
  const found = name && (await ctx.store.domains.findLiveByFqdn(name.fqdn));
  if (!found) throw notFound();
  const domain = await checkRenewable(ctx.store, ctx, userId, found.fqdn, years);
  const price = await tldPrice(ctx.store, domain.tld, years, errors);
  errors.throwIfAny();
  if (price === undefined) throw new Error('unreachable: no price without an error');

  await commitOrder(ctx, RENEW_ORDER_EXISTS, async (tx) => {
    const current = await checkRenewable(tx, ctx, userId, domain.fqdn, years);
    const user = await tx.users.findById(userId);
    if (!user) throw notFound();
    const billingContact = await billingContactOf(tx, current, user.primary_contact_id);
    const from = current.exp_date ?? isoDate(ctx.clock.now());
    return placeOrder(tx, ctx, {
      userId,
      postpaid: user.postpaid === 1,
      kind: 'renew',
      fqdn: current.fqdn,
      domainId: current.id,
      years,
      nameservers: [],
      billingContact,
      line: { description: orderLineDescription('renew', current.fqdn_unicode, from, addYears(from, years)), unitCents: price },
      requestKey: request.requestKey,
    });
  });
}

async function checkRenewable(store: Store, ctx: Ctx, userId: number, fqdn: string, years: number): Promise<Domain> {
  const domain = await store.domains.findLiveByFqdn(fqdn);
  if (!domain) throw notFound();
  if (domain.user_id !== userId) throw invalidField('domain', RENEW_NOT_OWNER);
  // The holder's own unprocessed orders block: a renewal, or the registration a pending domain waits
  // on. Someone else's transfer in does not (it ends this renewal if it goes through).
  if (await store.orders.findOpenByFqdn(fqdn, [...RENEWING_KINDS, 'register'])) throw invalidField('domain', RENEW_ORDER_EXISTS);
  if ((domain.status !== 'active' && domain.status !== 'expired') || !domain.exp_date) {
    throw invalidField('domain', RENEW_NOT_RENEWABLE);
  }
  if (addYears(domain.exp_date, years) > addYears(isoDate(ctx.clock.now()), 10)) throw invalidField('years', RENEW_TOO_FAR);
  return domain;
}

/** Who pays for a domain: its billing contact, else the account's primary contact. */
export async function billingContactOf(store: Store, domain: Domain, primaryContactId: number | null) {
  for (const id of [domain.billing_contact_id, primaryContactId]) {
    const contact = id === null ? undefined : await store.contacts.findById(id);
    if (contact) return contact;
  }
  throw notFound();
}
