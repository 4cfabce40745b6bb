import type { Ctx } from '../context.js';
import type { Service, Store } from '../../ports/store.js';
import { forbidden, notFound } from '../errors.js';
import { getOwnedDomain } from '../domains/get-owned-domain.js';

export interface ServiceRef {
  userId: number;
  serviceId: number;
  /** When given (the domain's services paths), the domain must be the user's and the service the domain's. */
  domain?: string;
}

/**
 * Service `serviceId` of the user, read through `store` (a transaction's, when the caller is in one).
 * Errors: for a domain, getOwnedDomain's not_found and forbidden first; then not_found (no such
 * service), forbidden (another user's service), not_found (the user's, but not under that domain).
 */
export async function findOwnedService(store: Store, ref: ServiceRef): Promise<Service> {
  const domain = ref.domain === undefined ? undefined : await getOwnedDomain(store, ref.userId, ref.domain);
  const service = await store.services.findById(ref.serviceId);
  if (!service) throw notFound();
  if (service.user_id !== ref.userId) throw forbidden();
  if (domain && service.domain_id !== domain.id) throw notFound();
  return service;
}

/** One service of the user, optionally under one of the user's domains. Errors: see findOwnedService. */
export function getService(ctx: Ctx, ref: ServiceRef): Promise<Service> {
  return findOwnedService(ctx.store, ref);
}
