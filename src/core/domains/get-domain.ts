import type { Ctx } from '../context.js';
import { getOwnedDomain } from './get-owned-domain.js';
import { withBillingContact, type DomainView } from './list-domains.js';

/**
 * One of the user's domains with its billing contact.
 * Errors: not_found (no live domain of that name), forbidden (another user's).
 */
export async function getDomain(ctx: Ctx, userId: number, name: string): Promise<DomainView> {
  return withBillingContact(ctx.store, await getOwnedDomain(ctx.store, userId, name));
}
