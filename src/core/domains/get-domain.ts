import type { Ctx } from '../context.js';
import { getOwnedDomain, ownedDomain } from './get-owned-domain.js';
import { readAheadFor, type DomainReadAhead } from './domain-read-ahead.js';
import { withBillingContact, type DomainView } from './list-domains.js';

/**
 * One of the user's domains with its billing contact. With `readAhead` (authenticateWithDomain's, for
 * the same user and name) nothing more is read: the same rules are applied to what it read.
 * Errors: not_found (no live domain of that name), forbidden (another user's).
 */
export async function getDomain(ctx: Ctx, userId: number, name: string, readAhead?: DomainReadAhead): Promise<DomainView> {
  const read = readAheadFor(readAhead, userId, name);
  if (read) return { domain: ownedDomain(read.domain, userId), billingContact: read.billingContact };
  return withBillingContact(ctx.store, await getOwnedDomain(ctx.store, userId, name));
}
