import type { Domain, Store, User } from '../../ports/store.js';
import type { Partner } from '../../ports/store/partners.js';
import { forbidden, notFound } from '../errors.js';
import { parseDomainName } from '../domains/domain-name.js';

/**
 * What a partner may see and touch: accounts it owns (its clients, `users.partner_id`) and its own
 * account (`partners.user_id`), and the domains, zones and services of those accounts. Everything
 * else answers 403 when it exists and 404 when it does not, as the client API does.
 */
export async function isPartnerAccount(store: Store, partner: Partner, userId: number): Promise<boolean> {
  if (userId === partner.user_id) return true;
  const user = await store.users.findById(userId);
  return user?.partner_id === partner.id;
}

/** A client of `partner` by id. Errors: not_found (no such account), forbidden (not this partner's client). */
export async function getPartnerClient(store: Store, partner: Partner, clientId: number): Promise<User> {
  const user = await store.users.findById(clientId);
  if (!user || user.partner_id === null || user.deleted_at) throw notFound('Client not found.');
  if (user.partner_id !== partner.id) throw forbidden('This client does not belong to you.');
  return user;
}

/** A live domain of `partner` (its own or a client's) by name. Errors: not_found, forbidden. */
export async function getPartnerDomain(store: Store, partner: Partner, name: string): Promise<Domain> {
  const parsed = parseDomainName(name);
  const domain = parsed && (await store.domains.findLiveByFqdn(parsed.fqdn));
  if (!domain) throw notFound('Domain not found.');
  if (!(await isPartnerAccount(store, partner, domain.user_id))) throw forbidden('This domain does not belong to you.');
  return domain;
}
