import type { Ctx } from '../../context.js';
import type { Domain, Store, Zone } from '../../../ports/store.js';
import type { Partner } from '../../../ports/store/partners.js';
import { managedZone } from '../../dns/zone-access.js';
import { getPartnerDomain } from '../partner-scope.js';

/** The partner API's words for a domain without a zone (still pending registration or transfer). */
export const PARTNER_NO_ZONE_MESSAGE = 'This domain has no DNS zone yet: it is not active on our name servers.';

/**
 * The zone of `partner`'s domain `domainName` (its own or a client's), read through `store` (a
 * transaction's, when the caller will write). Errors: not_found (no such domain), forbidden (another's),
 * rejected (422) when the domain does not use our name servers or has no zone yet. `lock` as getManagedZone's.
 */
export async function getPartnerZone(
  store: Store,
  ctx: Ctx,
  partner: Partner,
  domainName: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<{ domain: Domain; zone: Zone }> {
  const domain = await getPartnerDomain(store, partner, domainName);
  return { domain, zone: await managedZone(store, ctx, domain, PARTNER_NO_ZONE_MESSAGE, lock) };
}
