import type { Service, Store } from '../../ports/store.js';
import type { Partner } from '../../ports/store/partners.js';
import type { M365Tenant } from '../../ports/store/m365.js';
import { forbidden, notFound } from '../errors.js';
import { isPartnerAccount } from '../partners/partner-scope.js';

/** The name a tenant's `services` row carries, as the partner API's services list shows it. */
export const TENANT_SERVICE_NAME = 'Microsoft 365 - NCE';

/**
 * The Microsoft 365 tenant behind service `serviceId` of `partner` (its own or a client's).
 * Ownership is decided before the kind, so another partner's service answers 403 whatever it is.
 * Errors: not_found (no such service), forbidden (another partner's), not_found (a service of the
 * partner that is not a Microsoft 365 tenant).
 */
export async function getPartnerTenant(
  store: Store,
  partner: Partner,
  serviceId: number,
): Promise<{ service: Service; tenant: M365Tenant }> {
  const service = await store.services.findById(serviceId);
  if (!service) throw notFound('Service not found.');
  if (!(await isPartnerAccount(store, partner, service.user_id))) throw forbidden('This service does not belong to you.');
  const tenant = service.kind === 'm365_tenant' ? await store.m365.findTenantByService(service.id) : undefined;
  if (!tenant) throw notFound('This service is not a Microsoft 365 tenant.');
  return { service, tenant };
}
