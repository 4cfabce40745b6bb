import type {
  LicensingSandboxRepository, M365Offer, M365Repository, M365Subscription, M365Tenant, SandboxSubscription, SandboxTenant,
} from '../../ports/store/m365.js';
import type { New } from '../../ports/store.js';
import { columns } from '../schema.js';
import { type Executor, locksRows, write } from './base.js';

export class KyselyM365Repository implements M365Repository {
  constructor(private readonly db: Executor) {}

  listOffers(): Promise<M365Offer[]> {
    return this.db.selectFrom('m365_offers').select(columns.m365_offers).orderBy('id').execute();
  }
  findOffer(id: number): Promise<M365Offer | undefined> {
    return this.db.selectFrom('m365_offers').select(columns.m365_offers).where('id', '=', id).executeTakeFirst();
  }
  findOfferBySku(productSku: string): Promise<M365Offer | undefined> {
    return this.db.selectFrom('m365_offers').select(columns.m365_offers).where('product_sku', '=', productSku).executeTakeFirst();
  }

  createTenant(tenant: New<M365Tenant>): Promise<M365Tenant> {
    return write(() => this.db.insertInto('m365_tenants').values(tenant).returning(columns.m365_tenants).executeTakeFirstOrThrow());
  }
  findTenantByService(serviceId: number): Promise<M365Tenant | undefined> {
    return this.db.selectFrom('m365_tenants').select(columns.m365_tenants).where('service_id', '=', serviceId).executeTakeFirst();
  }
  findTenantByDomain(domain: string): Promise<M365Tenant | undefined> {
    return this.db.selectFrom('m365_tenants').select(columns.m365_tenants).where('domain', '=', domain).executeTakeFirst();
  }
  async tenantsByServices(serviceIds: number[]): Promise<M365Tenant[]> {
    if (serviceIds.length === 0) return [];
    return this.db.selectFrom('m365_tenants').select(columns.m365_tenants).where('service_id', 'in', serviceIds).execute();
  }

  createSubscription(subscription: New<M365Subscription>): Promise<M365Subscription> {
    return write(() =>
      this.db.insertInto('m365_subscriptions').values(subscription).returning(columns.m365_subscriptions).executeTakeFirstOrThrow(),
    );
  }
  findSubscription(subscriptionId: string): Promise<M365Subscription | undefined> {
    return this.db
      .selectFrom('m365_subscriptions').select(columns.m365_subscriptions).where('subscription_id', '=', subscriptionId)
      .executeTakeFirst();
  }
  async subscriptionsByServices(serviceIds: number[]): Promise<M365Subscription[]> {
    if (serviceIds.length === 0) return [];
    return this.db.selectFrom('m365_subscriptions').select(columns.m365_subscriptions).where('service_id', 'in', serviceIds).execute();
  }
  subscriptionsByTenant(tenantServiceId: number): Promise<M365Subscription[]> {
    return this.db
      .selectFrom('m365_subscriptions').select(columns.m365_subscriptions).where('tenant_service_id', '=', tenantServiceId)
      .orderBy('id').execute();
  }
}

export class KyselyLicensingSandboxRepository implements LicensingSandboxRepository {
  constructor(private readonly db: Executor) {}

  findTenant(tenantId: string): Promise<SandboxTenant | undefined> {
    return this.db
      .selectFrom('licensing_sandbox_tenants').select(columns.licensing_sandbox_tenants).where('tenant_id', '=', tenantId)
      .executeTakeFirst();
  }
  lockTenant(tenantId: string): Promise<SandboxTenant | undefined> {
    const query = this.db
      .selectFrom('licensing_sandbox_tenants').select(columns.licensing_sandbox_tenants).where('tenant_id', '=', tenantId);
    return (locksRows(this.db) ? query.forNoKeyUpdate() : query).executeTakeFirst();
  }
  findTenantByDomain(domain: string): Promise<SandboxTenant | undefined> {
    return this.db
      .selectFrom('licensing_sandbox_tenants').select(columns.licensing_sandbox_tenants).where('domain', '=', domain)
      .executeTakeFirst();
  }
  async createTenant(tenant: SandboxTenant): Promise<void> {
    await write(() => this.db.insertInto('licensing_sandbox_tenants').values(tenant).execute());
  }
  findSubscription(subscriptionId: string): Promise<SandboxSubscription | undefined> {
    return this.db
      .selectFrom('licensing_sandbox_subscriptions').select(columns.licensing_sandbox_subscriptions)
      .where('subscription_id', '=', subscriptionId).executeTakeFirst();
  }
  listSubscriptions(tenantId: string): Promise<SandboxSubscription[]> {
    return this.db
      .selectFrom('licensing_sandbox_subscriptions').select(columns.licensing_sandbox_subscriptions)
      .where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('subscription_id').execute();
  }
  async createSubscription(subscription: SandboxSubscription): Promise<void> {
    await write(() => this.db.insertInto('licensing_sandbox_subscriptions').values(subscription).execute());
  }
  async updateSubscription(subscriptionId: string, patch: Partial<Omit<SandboxSubscription, 'subscription_id'>>): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable('licensing_sandbox_subscriptions').set(patch).where('subscription_id', '=', subscriptionId).execute();
  }
}
