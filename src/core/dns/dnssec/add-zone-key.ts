import type { Ctx } from '../../context.js';
import type { Store, Zone } from '../../../ports/store.js';
import type { ZoneKey } from '../../../ports/store/dnssec.js';
import { isoTimestamp } from '../../dates.js';
import { ALGORITHM_ECDSAP256SHA256, CSK_FLAGS, generateZoneKey } from './key-material.js';
import { openPrivateKey, sealPrivateKey } from './key-vault.js';

/**
 * A new CSK for `zone`, sealed and stored as `published` (it signs from the zone's next publication).
 * Before it is made, a key already in the store (the zone's own, or any) must open with this
 * instance's DNSSEC_KEY_SECRET: an instance with another secret would seal the new key so the others
 * cannot open it, and the zone would be signed by some instances and not by others.
 * Throws KeySecretMismatch.
 */
export async function addZoneKey(tx: Store, ctx: Ctx, zone: Zone, existing: ZoneKey[]): Promise<ZoneKey> {
  const secret = ctx.settings.dnssec.keySecret;
  const probe = existing[0] ?? (await tx.dnssec.anyKey());
  if (probe) openPrivateKey(secret, probe.public_key, probe.private_key);
  // A tag the zone already has would make the keys hard to tell apart in DS and RRSIGs (RFC 4034 B.1
  // allows it; resolvers then try both): draw again.
  let key = generateZoneKey();
  while (existing.some((k) => k.key_tag === key.keyTag)) key = generateZoneKey();
  const at = isoTimestamp(ctx.clock.now());
  return tx.dnssec.addKey({
    zone_id: zone.id,
    key_tag: key.keyTag,
    algorithm: ALGORITHM_ECDSAP256SHA256,
    flags: CSK_FLAGS,
    public_key: key.publicKey,
    private_key: sealPrivateKey(secret, key.publicKey, key.privateKey),
    state: 'published',
    published_at: at,
    served_at: null,
    submitted_at: null,
    active_at: null,
    retired_at: null,
    updated_at: at,
  });
}
