import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../../core/clock.js';
import { addDays, addMonths, isoDate, isoTimestamp } from '../../../core/dates.js';
import {
  CANCELLATION_WINDOW_MS, decodeTerms, minQuantityFor, offersTerm, termMonths,
} from '../../../core/m365/terms.js';
import type { Store } from '../../../ports/store.js';
import type { M365Offer, SandboxSubscription } from '../../../ports/store/m365.js';
import {
  LicensingError, type BillingCycle, type LicensingOffer, type LicensingProvider, type LicensingSubscription,
  type LicensingTenant, type TermDuration,
} from '../../../ports/licensing.js';

/**
 * `sandbox`: a stand-in for Microsoft's Partner Center, for development, tests and installations that
 * do not resell Microsoft 365 for real. Nothing reaches Microsoft: tenants and subscriptions live in
 * the store's licensing_sandbox_* tables, and the catalog is hostplane's seeded m365_offers. It keeps
 * the rules Microsoft keeps, so that what works here works against Partner Center:
 * - a tenant name is the single DNS label before .onmicrosoft.com: letters and digits only (Partner
 *   Center refuses hyphens there), case-insensitive (kept lower-case), at most 63 characters (RFC
 *   1035's label limit), and taken once across all of Microsoft;
 * - an order names an offer of the catalog and one of its term/billing pairs; seats stay between the
 *   offer's minimum (100 for a three-year term) and its per-tenant maximum (300 for the Business
 *   plans), counted over all the tenant's active subscriptions of the offer;
 * - seats can be added at any time; they can be removed only within 7 days (168 hours) of purchase;
 * - a term runs from the purchase date to the day before the same date one term later.
 */
export class SandboxLicensing implements LicensingProvider {
  readonly name = 'sandbox';
  readonly capabilities = ['tenant_check', 'tenant_create', 'catalog', 'order', 'change_quantity', 'list'] as const;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async checkTenant(name: string): Promise<{ domain: string; available: boolean }> {
    const label = name.toLowerCase();
    const domain = `${label}.onmicrosoft.com`;
    if (!VALID_TENANT_NAME.test(label)) return { domain, available: false };
    return { domain, available: !(await this.store.licensingSandbox.findTenantByDomain(domain)) };
  }

  async createTenant(req: { name: string }): Promise<LicensingTenant> {
    const label = req.name.toLowerCase();
    if (!VALID_TENANT_NAME.test(label)) {
      throw new LicensingError('invalid', 'A tenant name is 1-63 letters and digits');
    }
    const tenant = { tenant_id: randomUUID(), domain: `${label}.onmicrosoft.com`, created_at: isoTimestamp(this.clock.now()) };
    await this.store.transaction(async (tx) => {
      if (await tx.licensingSandbox.findTenantByDomain(tenant.domain)) {
        throw new LicensingError('exists', `${tenant.domain} is already taken`);
      }
      await tx.licensingSandbox.createTenant(tenant);
    });
    return { tenantId: tenant.tenant_id, domain: tenant.domain, createdAt: tenant.created_at };
  }

  async catalog(): Promise<LicensingOffer[]> {
    return (await this.store.m365.listOffers()).map(toOffer);
  }

  async order(req: {
    tenantId: string;
    offerId: string;
    quantity: number;
    termDuration: TermDuration;
    billingCycle: BillingCycle;
  }): Promise<LicensingSubscription> {
    const offer = await this.store.m365.findOfferBySku(req.offerId);
    if (!offer) throw new LicensingError('not_found', `No offer ${req.offerId} in the catalog`);
    if (!offersTerm(decodeTerms(offer.terms), req.termDuration, req.billingCycle)) {
      throw new LicensingError('invalid', `${offer.title} is not sold for a ${req.termDuration} term billed ${req.billingCycle}`);
    }
    const now = this.clock.now();
    const start = isoDate(now);
    const row: SandboxSubscription = {
      subscription_id: randomUUID(),
      tenant_id: req.tenantId,
      order_id: randomBytes(6).toString('hex'),
      offer_id: offer.product_sku,
      quantity: req.quantity,
      term_duration: req.termDuration,
      billing_cycle: req.billingCycle,
      status: 'active',
      auto_renew: 1,
      created_at: isoTimestamp(now),
      commitment_end_date: addDays(addMonths(start, termMonths(req.termDuration)), -1),
      cancellation_allowed_until: isoTimestamp(new Date(now.getTime() + CANCELLATION_WINDOW_MS)),
      updated_at: isoTimestamp(now),
    };
    await this.store.transaction(async (tx) => {
      // The tenant is held until commit, so concurrent seat changes count each other's seats.
      if (!(await tx.licensingSandbox.lockTenant(req.tenantId))) throw new LicensingError('not_found', `No tenant ${req.tenantId}`);
      await checkSeats(tx, offer, row, req.quantity);
      await tx.licensingSandbox.createSubscription(row);
    });
    return toSubscription(row, offer);
  }

  async changeQuantity(req: { tenantId: string; subscriptionId: string; quantity: number }) {
    return this.store.transaction(async (tx) => {
      // The tenant is held until commit: each change sees the previous quantity and the others' seats.
      await tx.licensingSandbox.lockTenant(req.tenantId);
      const row = await tx.licensingSandbox.findSubscription(req.subscriptionId);
      if (!row || row.tenant_id !== req.tenantId) {
        throw new LicensingError('not_found', `No subscription ${req.subscriptionId} in tenant ${req.tenantId}`);
      }
      const offer = await tx.m365.findOfferBySku(row.offer_id);
      if (!offer) throw new LicensingError('not_found', `No offer ${row.offer_id} in the catalog`);
      if (row.status !== 'active') throw new LicensingError('policy', `The subscription is ${row.status}`);
      const now = this.clock.now();
      if (req.quantity < row.quantity && isoTimestamp(now) > row.cancellation_allowed_until) {
        throw new LicensingError(
          'policy',
          `Licences can only be removed within 7 days of purchase (until ${row.cancellation_allowed_until}); they can still be added`,
        );
      }
      await checkSeats(tx, offer, row, req.quantity);
      const patch = { quantity: req.quantity, updated_at: isoTimestamp(now) };
      await tx.licensingSandbox.updateSubscription(row.subscription_id, patch);
      return { previousQuantity: row.quantity, subscription: toSubscription({ ...row, ...patch }, offer) };
    });
  }

  async listSubscriptions(tenantId: string): Promise<LicensingSubscription[]> {
    if (!(await this.store.licensingSandbox.findTenant(tenantId))) throw new LicensingError('not_found', `No tenant ${tenantId}`);
    const rows = await this.store.licensingSandbox.listSubscriptions(tenantId);
    const offers = new Map((await this.store.m365.listOffers()).map((o) => [o.product_sku, o]));
    return rows.flatMap((row) => {
      const offer = offers.get(row.offer_id);
      return offer ? [toSubscription(row, offer)] : [];
    });
  }
}

/** One DNS label of letters and digits (Partner Center allows no hyphen in the tenant name). */
const VALID_TENANT_NAME = /^[a-z0-9]{1,63}$/;

/**
 * Seat limits for `row` at `quantity`: at least the offer's minimum for the term, and with the
 * tenant's other active subscriptions of the offer, at most the offer's per-tenant maximum.
 */
async function checkSeats(tx: Store, offer: M365Offer, row: SandboxSubscription, quantity: number): Promise<void> {
  const min = minQuantityFor(offer.min_quantity, row.term_duration as TermDuration);
  if (!Number.isInteger(quantity) || quantity < min) {
    throw new LicensingError('policy', `${offer.title} needs at least ${min} licences for a ${row.term_duration} term`);
  }
  if (offer.max_quantity === null) return;
  const others = (await tx.licensingSandbox.listSubscriptions(row.tenant_id))
    .filter((s) => s.offer_id === offer.product_sku && s.status === 'active' && s.subscription_id !== row.subscription_id)
    .reduce((sum, s) => sum + s.quantity, 0);
  if (others + quantity > offer.max_quantity) {
    throw new LicensingError(
      'policy',
      `A tenant can hold at most ${offer.max_quantity} licences of ${offer.title}` + (others ? ` (${others} in other subscriptions)` : ''),
    );
  }
}

function toOffer(o: M365Offer): LicensingOffer {
  return {
    offerId: o.product_sku, title: o.title, description: o.description, skuPartNumber: o.sku_part_number,
    terms: decodeTerms(o.terms), minQuantity: o.min_quantity, maxQuantity: o.max_quantity,
  };
}

function toSubscription(row: SandboxSubscription, offer: M365Offer): LicensingSubscription {
  const term = row.term_duration as TermDuration;
  return {
    subscriptionId: row.subscription_id,
    tenantId: row.tenant_id,
    orderId: row.order_id,
    offerId: row.offer_id,
    friendlyName: offer.title,
    skuPartNumber: offer.sku_part_number,
    quantity: row.quantity,
    consumedUnits: 0,
    minQuantity: minQuantityFor(offer.min_quantity, term),
    termDuration: term,
    billingCycle: row.billing_cycle as BillingCycle,
    status: row.status as LicensingSubscription['status'],
    autoRenew: row.auto_renew === 1,
    createdAt: row.created_at,
    cancellationAllowedUntil: row.cancellation_allowed_until,
    effectiveStartDate: row.created_at.slice(0, 10),
    commitmentEndDate: row.commitment_end_date,
  };
}
