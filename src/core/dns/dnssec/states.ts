import type { DnsRecord, Zone } from '../../../ports/store.js';
import type { ZoneSigning } from '../../../ports/dns.js';
import type { ZoneDnssec, ZoneKey, ZoneKeyState } from '../../../ports/store/dnssec.js';
import { ALGORITHM_ECDSAP256SHA256, CSK_FLAGS, dsOf, type DsRecord } from './key-material.js';

/**
 * The DNSSEC state machine of a zone, as Knot DNS's key manager keeps one: explicit states in the
 * store (zone_dnssec.state for the zone's flow, zone_keys.state for each key) and the timestamps the
 * next step waits for, advanced by the worker's schedule pass (advanceDnssec, once a minute, by the
 * injected clock) and by the 'dnssec.ds' job (syncParentDs) that sets the DS at the registry. Every
 * key is a CSK (flags 257, algorithm 13) and every key of a zone signs every RRset (double signature
 * while there are two), so a DNSKEY is never published without its signatures nor removed while a
 * DS for it may still be cached.
 *
 * Key states (RFC 7583 3.1's words where they fit):
 *   published   in the DNSKEY RRset and signing, since published_at; not yet seen served
 *   served      the provider serves it (readSigning shows it), since served_at
 *   submitted   its DS is on its way to the parent (a 'dnssec.ds' job is queued), since submitted_at
 *   active      its DS is at the parent, since active_at
 *   withdrawing its DS is being removed from the parent (a 'dnssec.ds' job is queued)
 *   retired     its DS left the parent at retired_at; still published and signing
 *   (removed)   the row is deleted
 *
 * Zone flows and their steps (each step moves the zone's SOA serial and queues 'zone.publish', so
 * publishZone on every instance hands the provider the new signing; D is the propagation delay
 * below, T the parent's DS TTL, DNSSEC_PARENT_DS_TTL):
 *
 *   off --enable--> enabling: new key K published
 *   enabling  K published --provider serves K--> served
 *             K served --served_at + D--> submitted (registry parent: 'dnssec.ds' queued)
 *                                     \-> active, zone on (external parent: no call, the DS is shown)
 *             K submitted --registry answered setDs([DS K])--> active; zone on
 *   on --rollover (hostplane dnssec rollover, or the schedule once K is DNSSEC_KEY_LIFETIME_DAYS old)-->
 *   rolling:  new key N published (K stays active; both sign: double signature, RFC 7583 CSK rollover)
 *             N published --provider serves N--> served
 *             N served --served_at + D--> N submitted, K withdrawing; 'dnssec.ds' queued
 *             --registry answered setDs([DS N])--> N active, K retired (the DS swapped in one command)
 *             K retired --retired_at + T--> K removed; zone on
 *   enabling | on | rolling --disable--> disabling: CDS/CDNSKEY "delete" published (RFC 8078 4);
 *             keys submitted or active --> withdrawing; 'dnssec.ds' queued (external parent: retired at once)
 *             withdrawing --registry answered setDs([])--> retired
 *             no key withdrawing or at the parent, every retired key's retired_at + T passed -->
 *             zone unsigned, keys removed: off
 *
 * The invariant a validating resolver needs holds at every step: a DS at the parent (or cached from
 * it) always names a key that is published and signing, because a DS goes up only D after its key was
 * served (every cache holds the key and signatures by then), and a key goes only T after its DS left
 * the parent; and a zone is unsigned only once no DS of it can be cached anywhere.
 */

export type DnssecView = ZoneDnssec['state'] | 'off';

/**
 * Margin added to the zone's TTLs before a key counts as propagated: what it takes for every
 * instance and secondary to serve the change (instances reconcile within 30 s, secondaries transfer
 * on NOTIFY). BIND's dnssec-policy takes 300 s by default for this (zone-propagation-delay).
 */
export const ZONE_PROPAGATION_MARGIN_S = 300;

/**
 * D: how long after the provider serves a change every resolver has dropped what it cached before:
 * the largest TTL of the zone's records, the DNSKEY TTL (the zone's default TTL, as its SOA's), the
 * SOA's negative TTL (RFC 2308 5: the SOA minimum), whichever is largest, plus the margin above.
 */
export function propagationDelaySeconds(zone: Zone, records: Pick<DnsRecord, 'ttl'>[]): number {
  let ttl = Math.max(dnskeyTtl(zone), zone.minimum);
  for (const r of records) if (r.ttl > ttl) ttl = r.ttl;
  return ttl + ZONE_PROPAGATION_MARGIN_S;
}

/** The TTL of the DNSKEY, CDS and CDNSKEY RRsets: the zone's default TTL, its SOA's. */
export const dnskeyTtl = (zone: Zone): number => zone.default_ttl;

/** Keys whose DS the parent holds or is being given. */
const AT_PARENT: readonly ZoneKeyState[] = ['submitted', 'active'];
export const dsWanted = (key: ZoneKey): boolean => AT_PARENT.includes(key.state);

/** The DS set the parent should hold for `keys` (what 'dnssec.ds' sends, and what an owner hands their registrar). */
export const wantedDs = (zoneName: string, keys: ZoneKey[]): DsRecord[] =>
  keys.filter(dsWanted).map((k) => dsOf(zoneName, { flags: CSK_FLAGS, algorithm: ALGORITHM_ECDSAP256SHA256, publicKey: k.public_key }));

/** The DS of one key at apex `zoneName`. */
export const dsOfKey = (zoneName: string, key: Pick<ZoneKey, 'public_key'>): DsRecord =>
  dsOf(zoneName, { flags: CSK_FLAGS, algorithm: ALGORITHM_ECDSAP256SHA256, publicKey: key.public_key });

/**
 * The signing a provider is given for `keys` of a zone in `state`: every key published and signing;
 * CDS/CDNSKEY (RFC 7344) for the keys the parent should hold, or the "delete" records while DNSSEC is
 * being disabled. `privateKeyOf` opens a key's sealed private key. Null: the zone is served unsigned.
 */
export function signingOf(
  zone: Zone,
  row: ZoneDnssec | undefined,
  keys: ZoneKey[],
  privateKeyOf: (key: ZoneKey) => string,
): ZoneSigning | null {
  if (!row || keys.length === 0) return null;
  const disabling = row.state === 'disabling';
  return {
    keys: keys.map((k) => ({
      keyTag: k.key_tag,
      algorithm: ALGORITHM_ECDSAP256SHA256,
      flags: CSK_FLAGS,
      publicKey: k.public_key,
      privateKey: privateKeyOf(k),
      signs: true,
      cds: !disabling && dsWanted(k),
    })),
    dnskeyTtl: dnskeyTtl(zone),
    cdsDelete: disabling,
  };
}

/** `iso` + `seconds`, as a time to compare with the clock. */
export const after = (iso: string, seconds: number): number => Date.parse(iso) + seconds * 1000;

/** What a zone's flow does next (nextStep), and from when (`at`, ms since the epoch) where it waits for time. */
export type DnssecStep =
  /** The provider must be seen serving `key` (readSigning): looked at by each schedule pass. */
  | { kind: 'await-served'; key: ZoneKey }
  /** `key`'s DS goes to the parent at `at` (its served_at + D), with any active key's withdrawn. */
  | { kind: 'submit-ds'; key: ZoneKey; at: number }
  /** A 'dnssec.ds' job is setting the DS at the registry. */
  | { kind: 'await-parent' }
  /** `key`, whose DS left the parent, is removed at `at` (its retired_at + T). */
  | { kind: 'remove-key'; key: ZoneKey; at: number }
  /** The zone is served unsigned and its keys removed at `at` (the last retired_at + T). */
  | { kind: 'unsign'; at: number }
  /** A scheduled rollover starts at `at` (the key's published_at + DNSSEC_KEY_LIFETIME_DAYS). */
  | { kind: 'roll-over'; at: number }
  | { kind: 'none' };

export interface Timers {
  /** D, seconds (propagationDelaySeconds). */
  propagationDelay: number;
  /** T, seconds (DNSSEC_PARENT_DS_TTL). */
  parentDsTtl: number;
  /** DNSSEC_KEY_LIFETIME_DAYS; 0: never. */
  keyLifetimeDays: number;
}

/** The next step of a zone's flow, from its state and keys alone (pure: the state machine above as code). */
export function nextStep(row: ZoneDnssec, keys: ZoneKey[], timers: Timers): DnssecStep {
  const inState = (...states: ZoneKeyState[]) => keys.filter((k) => states.includes(k.state));
  if (inState('submitted', 'withdrawing').length > 0) return { kind: 'await-parent' };
  const retired = inState('retired');
  if (row.state === 'disabling') {
    if (inState('active').length > 0) return { kind: 'await-parent' };
    return { kind: 'unsign', at: Math.max(0, ...retired.map((k) => after(k.retired_at!, timers.parentDsTtl))) };
  }
  if (retired.length > 0) return { kind: 'remove-key', key: retired[0]!, at: after(retired[0]!.retired_at!, timers.parentDsTtl) };
  const published = inState('published')[0];
  if (published) return { kind: 'await-served', key: published };
  const served = inState('served')[0];
  if (served) return { kind: 'submit-ds', key: served, at: after(served.served_at!, timers.propagationDelay) };
  const active = inState('active');
  if (row.state === 'on' && row.parent === 'registry' && timers.keyLifetimeDays > 0 && active.length === 1) {
    return { kind: 'roll-over', at: after(active[0]!.published_at, timers.keyLifetimeDays * 86_400) };
  }
  return { kind: 'none' };
}
