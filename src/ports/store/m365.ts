import type { New } from '../store.js';

/** One offer of hostplane's Microsoft 365 catalog (seeded by migration 003). */
export interface M365Offer {
  id: number;
  title: string;
  description: string;
  /** Microsoft's "<product id>:<sku id>", e.g. CFQ7TTC0LH18:0001. */
  product_sku: string;
  sku_part_number: string;
  /** JSON array of "<term duration>:<billing cycle>" pairs. */
  terms: string;
  min_quantity: number;
  max_quantity: number | null;
  /** Per licence per month for an annual term paid up front, cents, VAT excluded. */
  price_cents: number;
  created_at: string;
}

/** A `services` row of kind 'm365_tenant' and the Microsoft tenant it stands for. */
export interface M365Tenant {
  id: number;
  service_id: number;
  /** Microsoft's tenant (customer) id, a UUID. */
  tenant_id: string;
  /** "<name>.onmicrosoft.com" */
  domain: string;
  created_at: string;
}

/** A `services` row of kind 'm365_subscription' and the Microsoft subscription it stands for. */
export interface M365Subscription {
  id: number;
  service_id: number;
  tenant_service_id: number;
  subscription_id: string;
  offer_id: number;
  /** As bought (P1M, P1Y, P3Y; billing also P1X). */
  term_duration: string;
  billing_cycle: string;
  created_at: string;
}

export interface M365Repository {
  listOffers(): Promise<M365Offer[]>;
  findOffer(id: number): Promise<M365Offer | undefined>;
  findOfferBySku(productSku: string): Promise<M365Offer | undefined>;
  createTenant(tenant: New<M365Tenant>): Promise<M365Tenant>;
  findTenantByService(serviceId: number): Promise<M365Tenant | undefined>;
  findTenantByDomain(domain: string): Promise<M365Tenant | undefined>;
  tenantsByServices(serviceIds: number[]): Promise<M365Tenant[]>;
  createSubscription(subscription: New<M365Subscription>): Promise<M365Subscription>;
  findSubscription(subscriptionId: string): Promise<M365Subscription | undefined>;
  subscriptionsByServices(serviceIds: number[]): Promise<M365Subscription[]>;
  subscriptionsByTenant(tenantServiceId: number): Promise<M365Subscription[]>;
}

/** The `sandbox` licensing provider's own rows: a tenant as Microsoft would hold it. */
export interface SandboxTenant {
  tenant_id: string;
  domain: string;
  created_at: string;
}

/** The `sandbox` licensing provider's own rows: a subscription as Microsoft would hold it. */
export interface SandboxSubscription {
  subscription_id: string;
  tenant_id: string;
  order_id: string;
  /** Microsoft's "<product id>:<sku id>". */
  offer_id: string;
  quantity: number;
  term_duration: string;
  billing_cycle: string;
  status: string;
  auto_renew: number;
  created_at: string;
  commitment_end_date: string;
  cancellation_allowed_until: string;
  updated_at: string;
}

export interface LicensingSandboxRepository {
  findTenant(tenantId: string): Promise<SandboxTenant | undefined>;
  /**
   * findTenant for a read-then-write: no other transaction can lock or change the row until the
   * caller's transaction ends. Seat changes (a new subscription, a quantity change) hold the tenant,
   * so each sees the one before: its seat limit and its previous quantity.
   */
  lockTenant(tenantId: string): Promise<SandboxTenant | undefined>;
  findTenantByDomain(domain: string): Promise<SandboxTenant | undefined>;
  createTenant(tenant: SandboxTenant): Promise<void>;
  findSubscription(subscriptionId: string): Promise<SandboxSubscription | undefined>;
  /** A tenant's subscriptions, oldest first. */
  listSubscriptions(tenantId: string): Promise<SandboxSubscription[]>;
  createSubscription(subscription: SandboxSubscription): Promise<void>;
  updateSubscription(subscriptionId: string, patch: Partial<Omit<SandboxSubscription, 'subscription_id'>>): Promise<void>;
}
