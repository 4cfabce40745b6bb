import type { Ctx } from '../context.js';
import type { Page, PageOf, Service } from '../../ports/store.js';
import { getOwnedDomain } from '../domains/get-owned-domain.js';

/**
 * A page of the services attached to one of the user's domains (parking, DNS, hosting), oldest first.
 * Errors: not_found (no such live domain), forbidden (another user's domain).
 */
export async function listDomainServices(
  ctx: Ctx,
  input: { userId: number; domain: string; page: Page },
): Promise<PageOf<Service>> {
  const domain = await getOwnedDomain(ctx.store, input.userId, input.domain);
  return ctx.store.services.listByDomain(domain.id, input.page);
}
