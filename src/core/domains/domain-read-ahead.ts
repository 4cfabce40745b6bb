import type { Ctx } from '../context.js';
import type { Contact, Domain, User, Zone } from '../../ports/store.js';
import { authenticate, authenticateReading } from '../accounts/authenticate.js';
import { parseDomainName } from './domain-name.js';

/**
 * The live domain of a name (whoever holds it), its billing contact and its zone, read with the
 * token's user: what a GET of one domain (getDomain) or of its records (recordsZone) reads next.
 */
export interface DomainReadAhead {
  userId: number;
  /** The name as the request gave it (parsed to the domain read once, by authenticateWithDomain). */
  name: string;
  domain: Domain | undefined;
  /** The domain's billing contact; undefined when it has none, or the domain is another user's. */
  billingContact: Contact | undefined;
  /** The domain's zone; undefined when it has none, or the domain is another user's. */
  zone: Zone | undefined;
}

/**
 * authenticate, reading in the same statement the domain `name` that getDomain or recordsZone will
 * want (the whole store work of a domain GET, and all but the kept answer of a records GET, in one
 * round trip and one snapshot). The domain is judged only later, by the command, so a request refused
 * for its token is refused as before, and one for another user's domain too, after the request's
 * validation. A name that is not a domain name reads nothing more.
 * Errors: those of authenticate.
 */
export async function authenticateWithDomain(ctx: Ctx, token: string, name: string): Promise<{ user: User; readAhead?: DomainReadAhead }> {
  const fqdn = parseDomainName(name)?.fqdn;
  if (fqdn === undefined) return { user: await authenticate(ctx, token) };
  const read = await authenticateReading(ctx, token, ({ userId, jti }) => ctx.store.auth.userOfTokenWithDomain(userId, jti, fqdn));
  return { user: read.user, readAhead: { userId: read.user.id, name, domain: read.domain, billingContact: read.billingContact, zone: read.zone } };
}

/**
 * `readAhead` when it was read for user `userId` and this very `name`, else undefined (the command
 * then reads for itself): a command never judges what was read for another request's question.
 */
export function readAheadFor(readAhead: DomainReadAhead | undefined, userId: number, name: string): DomainReadAhead | undefined {
  return readAhead && readAhead.userId === userId && readAhead.name === name ? readAhead : undefined;
}
