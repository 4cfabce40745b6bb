import type { Domain, Store } from '../../ports/store.js';
import { forbidden, notFound } from '../errors.js';
import { parseDomainName } from './domain-name.js';

/**
 * The live domain `name` (unicode or punycode, any case) of user `userId`.
 * Errors: not_found when no live domain has that name (or the name is not a domain name at all),
 * forbidden when it belongs to another user: the client API answers 403 for another user's object.
 */
export async function getOwnedDomain(store: Store, userId: number, name: string): Promise<Domain> {
  const parsed = parseDomainName(name);
  return ownedDomain(parsed && (await store.domains.findLiveByFqdn(parsed.fqdn)), userId);
}

/** getOwnedDomain's rules for a live domain already read (or none found). */
export function ownedDomain(domain: Domain | undefined, userId: number): Domain {
  if (!domain) throw notFound();
  if (domain.user_id !== userId) throw forbidden();
  return domain;
}
