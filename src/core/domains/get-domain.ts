import type { Ctx } from '../context.js';
import type { Contact, Domain, User } from '../../ports/store.js';
import { authenticate, authenticateReading } from '../accounts/authenticate.js';
import { getOwnedDomain, ownedDomain } from './get-owned-domain.js';
import { parseDomainName } from './domain-name.js';
import { withBillingContact, type DomainView } from './list-domains.js';

/**
 * One of the user's domains with its billing contact. With `readAhead` (authenticateWithDomain's, for
 * the same user and name) nothing more is read: the same rules are applied to what it read.
 * Errors: not_found (no live domain of that name), forbidden (another user's).
 */
export async function getDomain(ctx: Ctx, userId: number, name: string, readAhead?: DomainReadAhead): Promise<DomainView> {
  if (readAhead && readAhead.userId === userId && readAhead.name === name) {
    return { domain: ownedDomain(readAhead.domain, userId), billingContact: readAhead.billingContact };
  }
  return withBillingContact(ctx.store, await getOwnedDomain(ctx.store, userId, name));
}

/** The live domain of a name (whoever holds it) and its billing contact, read with the token's user. */
export interface DomainReadAhead {
  userId: number;
  /** The name as the request gave it (parsed to the domain read once, by authenticateWithDomain). */
  name: string;
  domain: Domain | undefined;
  billingContact: Contact | undefined;
}

/**
 * authenticate, reading in the same statement the domain `name` that getDomain will want (a domain
 * GET's whole store work in one round trip and one snapshot). The domain is judged only later, by
 * getDomain, so a request refused for its token is refused as before, and one for another user's
 * domain too, after the request's validation. A name that is not a domain name reads nothing more.
 * Errors: those of authenticate.
 */
export async function authenticateWithDomain(ctx: Ctx, token: string, name: string): Promise<{ user: User; readAhead?: DomainReadAhead }> {
  const fqdn = parseDomainName(name)?.fqdn;
  if (fqdn === undefined) return { user: await authenticate(ctx, token) };
  const read = await authenticateReading(ctx, token, ({ userId, jti }) => ctx.store.auth.userOfTokenWithDomain(userId, jti, fqdn));
  return { user: read.user, readAhead: { userId: read.user.id, name, domain: read.domain, billingContact: read.billingContact } };
}
