import type { Partner } from '../../../ports/store/partners.js';
import type { M365Offer } from '../../../ports/store/m365.js';
import type { LicensingSubscription } from '../../../ports/licensing.js';
import type { AddedSubscription } from '../../../core/m365/add-subscription.js';
import type { TenantSubscription } from '../../../core/m365/list-subscriptions.js';
import { BILLING_CYCLE_NAMES, decodeTerms } from '../../../core/m365/terms.js';
import type { CatalogItemWire, NceLicenseWire, OrderWire } from '../schemas/m365.schema.js';

export function toCatalogItemWire(offer: M365Offer): CatalogItemWire {
  return {
    Title: offer.title,
    Description: offer.description,
    Terms: decodeTerms(offer.terms),
    Id: String(offer.id),
    ProductSKU: offer.product_sku,
  };
}

/**
 * A subscription's Status as a number: 0 active, 1 pending (ordered, not yet provisioned: the
 * document's add example, with an empty SubscriptionId), 2 suspended, 3 deleted. The sandbox
 * provisions at once, so a new subscription answers 0.
 */
const STATUS_CODES: Record<LicensingSubscription['status'], number> = { active: 0, suspended: 2, deleted: 3 };

/** "2026-03-01" or an ISO timestamp -> "01/03/2026", as the subscriptions list writes dates. */
export function dmy(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The answer to an order (add, quantity change). BillingCycle is the ISO code for an added
 * subscription ("P1M", as the add example echoes the request) and Partner Center's word for an
 * updated one ("Monthly", as the update example shows). ErpOrderId and WhmcsServiceId are the
 * subscription's own service id at hostplane, ProductId its catalog Id, PartnerId the partner's id.
 */
export function toOrderWire(
  order: Pick<AddedSubscription, 'tenant' | 'offer' | 'service' | 'subscription'>,
  partner: Partner,
  billingCycle: 'code' | 'name',
): OrderWire {
  const { tenant, offer, service, subscription: s } = order;
  return {
    TenantId: tenant.tenant_id,
    ErpOrderId: String(service.id),
    IsAddonOrder: false,
    Subscriptions: [{
      AutoRenewEnabled: s.autoRenew,
      BillingCycle: billingCycle === 'code' ? s.billingCycle : BILLING_CYCLE_NAMES[s.billingCycle],
      CustomTermEndDate: null,
      ErpOrderId: null,
      FriendlyName: s.friendlyName,
      OfferId: s.offerId,
      OrderId: s.orderId,
      PartnerId: String(partner.id),
      ProductId: String(offer.id),
      Quantity: s.quantity,
      SkuId: s.offerId.split(':')[1] ?? null,
      Status: STATUS_CODES[s.status],
      SubscriptionId: s.subscriptionId,
      TenantId: s.tenantId,
      TermDuration: s.termDuration,
      WhmcsServiceId: String(service.id),
    }],
  };
}

/**
 * One subscription in the `nce_licenses` shape, every documented key. Decisions: ProductId is the
 * catalog Id (null for one bought outside hostplane); CatalogItemId is "<ProductSku>:<catalog Id>";
 * dates are dd/mm/yyyy; CommitmentEndDate is the last day of the term; AllowCancel says whether the
 * cancellation window (CancellationAllowedUntilDate, 7 days after purchase) is still open;
 * end_dates_sort carries the commitment end as "/Date(<ms since 1970, midnight UTC>)/"; the price
 * fields are null (prices are on the partner's invoice) and RecentTransactions is empty.
 */
export function toNceLicenseWire(item: TenantSubscription, partner: Partner, now: Date): NceLicenseWire {
  const s = item.subscription;
  return {
    AutoRenewEnabled: s.autoRenew,
    ProductId: item.offer ? item.offer.id : null,
    AvailableUnits: s.quantity - s.consumedUnits,
    BillingCycle: BILLING_CYCLE_NAMES[s.billingCycle],
    CancellationAllowedUntilDate: dmy(s.cancellationAllowedUntil),
    CatalogItemId: `${s.offerId}:${item.offer ? item.offer.id : 0}`,
    CommitmentEndDate: dmy(s.commitmentEndDate),
    ConsumedUnits: s.consumedUnits,
    CreationDate: dmy(s.createdAt),
    EffectiveStartDate: dmy(s.effectiveStartDate),
    FriendlyName: s.friendlyName,
    IsNewCommerceExperienceSubscription: true,
    MinimumQuantity: s.minQuantity,
    NextTermInstructions: null,
    OfferId: s.offerId,
    OrderId: s.orderId,
    ParentSubscriptionId: null,
    PartnerId: String(partner.id),
    ProductSku: s.offerId,
    PromotionId: null,
    SkuPartNumber: s.skuPartNumber,
    Status: STATUS_CODES[s.status],
    SubscriptionId: s.subscriptionId,
    SubscriptionQuantity: s.quantity,
    TenantId: s.tenantId,
    TermDuration: s.termDuration,
    TotalUnits: s.quantity,
    IsAddon: false,
    AllowCancel: s.status === 'active' && now.toISOString() <= s.cancellationAllowedUntil,
    MinQuantity: s.minQuantity,
    RecentTransactions: [],
    microsoft_standard_end_user_price: null,
    reseller_end_user_price: null,
    actual_sale_price: null,
    user_price: null,
    user_item_price: null,
    end_dates_sort: [{ original: `/Date(${Date.parse(`${s.commitmentEndDate}T00:00:00Z`)})/`, formatted: dmy(s.commitmentEndDate) }],
  };
}
