import type { Ctx } from '../context.js';
import type { Service } from '../../ports/store.js';
import type { Partner } from '../../ports/store/partners.js';
import type { M365Tenant } from '../../ports/store/m365.js';

/**
 * The Microsoft 365 tenants of the partner's own account and of its clients (not deleted), oldest
 * first, each with its `services` row (whose user_id names the owner). Read from hostplane's store
 * only: a tenant's subscriptions are Microsoft's to list (listSubscriptions).
 */
export async function listPartnerTenants(ctx: Ctx, input: { partner: Partner }): Promise<Array<{ service: Service; tenant: M365Tenant }>> {
  const services = await ctx.store.services.listByPartner(input.partner, { kinds: ['m365_tenant'] });
  const tenants = new Map((await ctx.store.m365.tenantsByServices(services.map((s) => s.id))).map((t) => [t.service_id, t]));
  return services.flatMap((service) => {
    const tenant = tenants.get(service.id);
    return tenant ? [{ service, tenant }] : [];
  });
}
