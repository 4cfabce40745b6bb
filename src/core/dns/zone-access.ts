import type { Ctx } from '../context.js';
import type { Domain, Store, Zone } from '../../ports/store.js';
import { rejected } from '../errors.js';
import { getOwnedDomain } from '../domains/get-owned-domain.js';
import { domainNameservers } from '../domains/nameserver-list.js';
import { usesOurNameservers } from './nameservers.js';

/** The client API's words for a domain that has no zone on our DNS (yet). */
export const NO_ZONE_MESSAGE = 'DNS request failed: The domain name referenced in the query does not exist.';

/**
 * The zone of user `userId`'s domain `domainName`, read through `store` (a transaction's, when the
 * caller will write). Errors: not_found and forbidden as getOwnedDomain; rejected when the domain does
 * not use our name servers (its records would not be the ones resolvers see), or when it does but has
 * no zone (a domain still pending registration). With `lock`, the zone is read locked (ZoneRepository.lock):
 * for a change, which then reads its records with lockedRecordsForPlan.
 */
export async function getManagedZone(
  store: Store,
  ctx: Ctx,
  userId: number,
  domainName: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<{ domain: Domain; zone: Zone }> {
  const domain = await getOwnedDomain(store, userId, domainName);
  return { domain, zone: await managedZone(store, ctx, domain, NO_ZONE_MESSAGE, lock) };
}

/**
 * The zone of `domain`, whoever asks (the caller has checked access), read locked with `lock` (see
 * getManagedZone). Errors: rejected when the domain does not use our name servers, or has no zone
 * (`noZoneMessage`, in the asking dialect's words).
 */
export async function managedZone(store: Store, ctx: Ctx, domain: Domain, noZoneMessage = NO_ZONE_MESSAGE, lock = false): Promise<Zone> {
  return managedZoneOf(ctx, domain, () => (lock ? store.zones.lockByDomainId(domain.id) : store.zones.findByDomainId(domain.id)), noZoneMessage);
}

/**
 * managedZone's rules, with the zone of `domain` (or none) from `readZone`, which is asked only once
 * the domain passed the name server rule: a read of its own, or one made already with the domain
 * (DomainReadAhead). Errors: as managedZone.
 */
export async function managedZoneOf(
  ctx: Ctx,
  domain: Domain,
  readZone: () => Promise<Zone | undefined>,
  noZoneMessage = NO_ZONE_MESSAGE,
): Promise<Zone> {
  if (!usesOurNameservers(ctx.settings, domainNameservers(domain))) {
    throw rejected(`This domain does not use ${ctx.settings.providerName}'s name servers.`);
  }
  const zone = await readZone();
  if (!zone) throw rejected(noZoneMessage);
  return zone;
}
