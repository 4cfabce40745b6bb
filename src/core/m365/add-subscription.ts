import type { Ctx } from '../context.js';
import type { Service } from '../../ports/store.js';
import type { Partner } from '../../ports/store/partners.js';
import type { M365Offer, M365Tenant } from '../../ports/store/m365.js';
import { LicensingError, type LicensingSubscription } from '../../ports/licensing.js';
import { FieldErrorCollector, invalidField } from '../errors.js';
import { addDays, addMonths, finnishShortDate, isoTimestamp } from '../dates.js';
import { addToMonthlyInvoice } from '../billing/add-to-monthly-invoice.js';
import { fromLicensingError } from './licensing-errors.js';
import { getPartnerTenant } from './partner-tenant.js';
import { periodUnitCents } from './pricing.js';
import { billingMonths, decodeTerms, isBillingCycle, isTermDuration, offersTerm } from './terms.js';
import { recordEvent } from '../events/record-event.js';

/** The document's limit for a new subscription's quantity. */
export const SUBSCRIPTION_MAX_QUANTITY = 100;

export interface AddSubscriptionInput {
  partner: Partner;
  /** The tenant's service id. */
  serviceId: number;
  catalogId: number;
  quantity: number;
  termDuration: string;
  billingCycle: string;
}

export interface AddedSubscription {
  tenant: M365Tenant;
  offer: M365Offer;
  /** The subscription's own `services` row (kind 'm365_subscription'). */
  service: Service;
  subscription: LicensingSubscription;
}

/**
 * Buys a Microsoft 365 subscription for a tenant of the partner: the order at Microsoft (through
 * ctx.licensing: seats, term and billing as given), then in one transaction a `services` row of kind
 * 'm365_subscription' on the tenant owner's account (quantity = seats, price = one licence for one
 * billing period, expiry = the next billing date), its link to the Microsoft subscription, and the
 * first bill on the partner's open monthly invoice: seats x one billing period (a month when billed
 * monthly, the year or three years when billed so, the whole term when billed one time) at the
 * offer's price for that term and cycle (see pricing.ts). Later periods are renewals.
 *
 * Rules: quantity 1-100; term_duration and billing_cycle one of P1M, P1Y, P3Y, P1X and together one
 * of the offer's Terms pairs; catalog_id an offer of the catalog; then Microsoft's seat limits
 * (the offer's minimum, 100 for a three-year term; its per-tenant maximum).
 * Errors: not_found / forbidden (serviceId, see getPartnerTenant), invalid (catalog_id, term_duration,
 * billing_cycle, quantity), upstream_unavailable.
 */
export async function addSubscription(ctx: Ctx, input: AddSubscriptionInput): Promise<AddedSubscription> {
  const { service: tenantService, tenant } = await getPartnerTenant(ctx.store, input.partner, input.serviceId);

  const errors = new FieldErrorCollector();
  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > SUBSCRIPTION_MAX_QUANTITY) {
    errors.add('quantity', `The quantity must be between 1 and ${SUBSCRIPTION_MAX_QUANTITY}`);
  }
  const offer = await ctx.store.m365.findOffer(input.catalogId);
  if (!offer) errors.add('catalog_id', 'The selected catalog_id is invalid');
  const term = input.termDuration;
  const cycle = input.billingCycle;
  if (offer && !offersTerm(decodeTerms(offer.terms), term, cycle)) {
    const terms = decodeTerms(offer.terms);
    const field = terms.some((t) => t.startsWith(`${term}:`)) ? 'billing_cycle' : 'term_duration';
    errors.add(field, `${offer.title} is sold with these term_duration:billing_cycle pairs: ${terms.join(', ')}`);
  }
  errors.throwIfAny();
  if (!offer || !isTermDuration(term) || !isBillingCycle(cycle)) throw invalidField('term_duration', 'The selected term_duration is invalid');

  let subscription: LicensingSubscription;
  try {
    subscription = await ctx.licensing.order({
      tenantId: tenant.tenant_id, offerId: offer.product_sku, quantity: input.quantity, termDuration: term, billingCycle: cycle,
    });
  } catch (err) {
    if (err instanceof LicensingError && err.reason === 'policy') throw invalidField('quantity', err.message);
    return fromLicensingError(err);
  }

  const months = billingMonths(term, cycle);
  const unitCents = periodUnitCents(offer.price_cents, term, cycle);
  const start = subscription.effectiveStartDate;
  const nextBill = addMonths(start, months);
  const at = isoTimestamp(ctx.clock.now());
  return ctx.store.transaction(async (tx) => {
    const service = await tx.services.create({
      user_id: tenantService.user_id, domain_id: null, kind: 'm365_subscription', name: offer.title, qty: subscription.quantity,
      start_date: start, exp_date: nextBill, status: 'active', renew: subscription.autoRenew ? 1 : 0, price_cents: unitCents,
      billing_period_months: months, created_at: at, updated_at: null,
    });
    await tx.m365.createSubscription({
      service_id: service.id, tenant_service_id: tenantService.id, subscription_id: subscription.subscriptionId,
      offer_id: offer.id, term_duration: term, billing_cycle: cycle, created_at: at,
    });
    await addToMonthlyInvoice(tx, ctx, {
      userId: input.partner.user_id,
      lines: [{
        description: `${offer.title}, ${tenant.domain} ${finnishShortDate(start)}-${finnishShortDate(addDays(nextBill, -1))}`,
        qty: subscription.quantity,
        unitCents,
      }],
    });
    await recordEvent(tx, ctx, {
      type: 'service.created', userId: service.user_id, partnerId: input.partner.id, subject: String(service.id),
      data: { kind: service.kind, name: service.name, subscription_id: subscription.subscriptionId, tenant: tenant.domain, seats: subscription.quantity },
    });
    return { tenant, offer, service, subscription };
  });
}
