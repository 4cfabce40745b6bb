import type { Ctx } from '../context.js';
import type { Service } from '../../ports/store.js';
import type { Partner } from '../../ports/store/partners.js';
import type { M365Offer, M365Tenant } from '../../ports/store/m365.js';
import { LicensingError, type LicensingSubscription } from '../../ports/licensing.js';
import { FieldErrorCollector, invalidField, notFound } from '../errors.js';
import { addDays, finnishShortDate, isoDate, isoTimestamp } from '../dates.js';
import { addToMonthlyInvoice } from '../billing/add-to-monthly-invoice.js';
import { fromLicensingError } from './licensing-errors.js';
import { getPartnerTenant } from './partner-tenant.js';
import { billingPeriodOn, proratedCents } from './pricing.js';
import { recordEvent } from '../events/record-event.js';

/** The document's limit for a quantity update. */
export const QUANTITY_UPDATE_MAX = 10_000;

export interface UpdateQuantityInput {
  partner: Partner;
  /** The tenant's service id. */
  serviceId: number;
  subscriptionId: string;
  quantity: number;
}

export interface UpdatedSubscription {
  tenant: M365Tenant;
  offer: M365Offer;
  service: Service;
  subscription: LicensingSubscription;
}

/**
 * Sets the seat count of a tenant's subscription, at Microsoft (through ctx.licensing) and then, in
 * one transaction, on its `services` row and the partner's open monthly invoice.
 *
 * Billing: the seats added are billed, and the seats removed credited (a negative line), for the
 * rest of the current billing period, prorated by days at the subscription's own price per period
 * (the price it was bought at: Microsoft keeps it for the term). That is what Microsoft charges a
 * partner for a mid-period change; the next period's bill (a renewal) carries the new count whole.
 *
 * Rules: quantity 1-10000; the subscription is one of this tenant's; then Microsoft's: seats can be
 * added at any time up to the offer's per-tenant maximum, and removed only within 7 days of purchase
 * (CancellationAllowedUntilDate) and not below the offer's minimum. The same count is accepted and
 * changes nothing.
 * Errors: not_found / forbidden (serviceId, see getPartnerTenant), not_found (subscription),
 * invalid (quantity: out of range, or refused by Microsoft's rules), upstream_unavailable.
 */
export async function updateSubscriptionQuantity(ctx: Ctx, input: UpdateQuantityInput): Promise<UpdatedSubscription> {
  const { service: tenantService, tenant } = await getPartnerTenant(ctx.store, input.partner, input.serviceId);
  const errors = new FieldErrorCollector();
  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > QUANTITY_UPDATE_MAX) {
    errors.add('quantity', `The quantity must be between 1 and ${QUANTITY_UPDATE_MAX}`);
  }
  errors.throwIfAny();
  const link = await ctx.store.m365.findSubscription(input.subscriptionId);
  if (!link || link.tenant_service_id !== tenantService.id) throw notFound('Subscription not found.');
  const offer = await ctx.store.m365.findOffer(link.offer_id);
  if (!offer) throw notFound('Subscription not found.');

  let changed: { previousQuantity: number; subscription: LicensingSubscription };
  try {
    changed = await ctx.licensing.changeQuantity({
      tenantId: tenant.tenant_id, subscriptionId: link.subscription_id, quantity: input.quantity,
    });
  } catch (err) {
    if (err instanceof LicensingError && err.reason === 'policy') throw invalidField('quantity', err.message);
    return fromLicensingError(err);
  }

  const now = ctx.clock.now();
  const today = isoDate(now);
  return ctx.store.transaction(async (tx) => {
    const service = await tx.services.findById(link.service_id);
    if (!service) throw notFound('Subscription not found.');
    const diff = changed.subscription.quantity - changed.previousQuantity;
    if (diff !== 0) {
      const period = billingPeriodOn(service.start_date, service.billing_period_months, today);
      const perSeat = proratedCents(service.price_cents, period, today);
      const what = diff > 0 ? 'lisäys' : 'hyvitys';
      await addToMonthlyInvoice(tx, ctx, {
        userId: input.partner.user_id,
        lines: [{
          description: `${offer.title}, ${tenant.domain}, ${what} ${finnishShortDate(today)}-${finnishShortDate(addDays(period.end, -1))}`,
          qty: Math.abs(diff),
          unitCents: Math.sign(diff) * perSeat,
        }],
      });
    }
    const patch = { qty: changed.subscription.quantity, updated_at: isoTimestamp(now) };
    await tx.services.update(service.id, patch);
    if (diff !== 0) {
      await recordEvent(tx, ctx, {
        type: 'm365.seats_changed', userId: service.user_id, partnerId: input.partner.id, subject: link.subscription_id,
        data: { tenant: tenant.domain, offer: offer.title, from: changed.previousQuantity, to: changed.subscription.quantity },
      });
    }
    return { tenant, offer, service: { ...service, ...patch }, subscription: changed.subscription };
  });
}
