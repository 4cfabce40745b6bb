import { ALGORITHM_ECDSAP256SHA256, CSK_FLAGS, generateZoneKey } from '../../src/core/dns/dnssec/key-material.js';
import type { ZoneSigning, ZoneSigningKey } from '../../src/ports/dns.js';

/**
 * Keys and signing sets as the core hands them to a provider's setSigning (core/dns/dnssec), for the
 * tests and benchmarks that sign zones without going through the store.
 */

/** A new CSK of algorithm 13 as the core makes one, signing and with CDS unless told otherwise. */
export const signingKey = (extra: Partial<ZoneSigningKey> = {}): ZoneSigningKey => ({
  ...generateZoneKey(), algorithm: ALGORITHM_ECDSAP256SHA256, flags: CSK_FLAGS, signs: true, cds: true, ...extra,
});

/** A zone's signing with `keys`: a DNSKEY TTL of an hour and no delete CDS unless told otherwise. */
export const signingOf = (keys: ZoneSigningKey[], extra: Partial<ZoneSigning> = {}): ZoneSigning => ({
  keys, dnskeyTtl: 3600, cdsDelete: false, ...extra,
});
