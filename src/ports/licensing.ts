/**
 * Microsoft 365 licensing as a Cloud Solution Provider sees it (Partner Center's new-commerce
 * licence-based offers): check and create a customer tenant, read the catalog, order a subscription,
 * change its seat count, list a tenant's subscriptions. `sandbox` (a stand-in for Microsoft kept in
 * hostplane's store, with Microsoft's rules) is the embedded implementation; the Partner Center client
 * comes later behind the same interface, and both pass test/providers/licensing/conformance.ts.
 *
 * Terms and billing cycles use Microsoft's ISO 8601 durations: P1M (monthly), P1Y (annual), P3Y
 * (three years), P1X (one time, billing only).
 */
export type TermDuration = 'P1M' | 'P1Y' | 'P3Y';
export type BillingCycle = 'P1M' | 'P1Y' | 'P3Y' | 'P1X';

export interface LicensingOffer {
  /** Microsoft's "<product id>:<sku id>", e.g. CFQ7TTC0LH18:0001. */
  offerId: string;
  title: string;
  description: string;
  skuPartNumber: string;
  /** "<term duration>:<billing cycle>" pairs the offer is sold with. */
  terms: string[];
  /** Seats a tenant must hold at least, and may hold at most in all (null: no limit). */
  minQuantity: number;
  maxQuantity: number | null;
}

export interface LicensingTenant {
  /** Microsoft's tenant id, a UUID. */
  tenantId: string;
  /** "<name>.onmicrosoft.com" */
  domain: string;
  createdAt: string;
}

export interface LicensingSubscription {
  subscriptionId: string;
  tenantId: string;
  /** Microsoft's order id for the purchase (new commerce: 12 hexadecimal digits). */
  orderId: string;
  offerId: string;
  friendlyName: string;
  skuPartNumber: string;
  quantity: number;
  /** Licences assigned to users (the sandbox assigns none). */
  consumedUnits: number;
  /** The least the seat count may be lowered to. */
  minQuantity: number;
  termDuration: TermDuration;
  billingCycle: BillingCycle;
  status: 'active' | 'suspended' | 'deleted';
  autoRenew: boolean;
  /** ISO 8601 timestamps: purchase, and the end of the window in which seats may be reduced. */
  createdAt: string;
  cancellationAllowedUntil: string;
  /** YYYY-MM-DD: the first and last day of the current term. */
  effectiveStartDate: string;
  commitmentEndDate: string;
}

/** A refusal by the provider; `reason` is stable, `message` is for people. */
export class LicensingError extends Error {
  constructor(
    readonly reason:
      | 'exists' // the tenant name is taken
      | 'not_found' // no such tenant, offer or subscription (or not this tenant's)
      | 'invalid' // malformed input: a tenant name, an unknown term pair
      | 'policy' // a rule of Microsoft's: seat limits, the cancellation window
      | 'unavailable', // the provider could not be reached; worth retrying
    message: string,
  ) {
    super(message);
    this.name = 'LicensingError';
  }
}

export type LicensingCapability = 'tenant_check' | 'tenant_create' | 'catalog' | 'order' | 'change_quantity' | 'list';

export interface LicensingProvider {
  readonly name: string;
  readonly capabilities: ReadonlyArray<LicensingCapability>;
  /** Whether "<name>.onmicrosoft.com" can be registered; `name` is the part before .onmicrosoft.com. */
  checkTenant(name: string): Promise<{ domain: string; available: boolean }>;
  /** Creates the tenant "<name>.onmicrosoft.com". Errors: invalid, exists. */
  createTenant(req: { name: string }): Promise<LicensingTenant>;
  catalog(): Promise<LicensingOffer[]>;
  /** Buys `quantity` seats of an offer for a tenant. Errors: not_found, invalid, policy. */
  order(req: {
    tenantId: string;
    offerId: string;
    quantity: number;
    termDuration: TermDuration;
    billingCycle: BillingCycle;
  }): Promise<LicensingSubscription>;
  /**
   * Sets the seat count. An increase is always allowed (within the offer's limit); a decrease only
   * until cancellationAllowedUntil. Errors: not_found, policy.
   */
  changeQuantity(req: { tenantId: string; subscriptionId: string; quantity: number }): Promise<{
    previousQuantity: number;
    subscription: LicensingSubscription;
  }>;
  /** The tenant's subscriptions, oldest first. Errors: not_found (no such tenant). */
  listSubscriptions(tenantId: string): Promise<LicensingSubscription[]>;
}
