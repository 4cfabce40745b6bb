import { createPrivateKey } from 'node:crypto';
import type { ServedSigning, ZoneSigning, ZoneSigningKey } from '../../../ports/dns.js';
import { dnskeyRdata, keyTag } from '../../../core/dns/dnssec/key-material.js';

/**
 * Translation between a zone's signing (ports/dns.ts) and what PowerDNS holds for it: cryptokeys
 * (https://doc.powerdns.com/authoritative/http-api/cryptokey.html) and the PUBLISH-CDS /
 * PUBLISH-CDNSKEY metadata (https://doc.powerdns.com/authoritative/domainmetadata.html). Pure; the
 * provider compares, then sends only what differs (powerdns-provider.ts, setSigning).
 */

/** A cryptokey as the API lists it (GET .../cryptokeys; the private key is left out of the list). */
export interface PdnsCryptokey {
  id: number;
  keytype: 'ksk' | 'zsk' | 'csk';
  active: boolean;
  published: boolean;
  /** "257 3 13 <base64>", presentation format. */
  dnskey: string;
  flags?: number;
  /** "tag alg digesttype hex" for digest types 1, 2 and 4 (SEP keys only). */
  ds?: string[];
}

/**
 * The private key in the ISC/BIND "Private-key-format: v1.2" text PowerDNS imports (as
 * `pdnsutil import-zone-key` and dnssec-keygen's .private files): for ECDSA (RFC 6605) only the
 * private scalar d, 32 bytes for P-256, base64. Node gives d from the PKCS#8 key as a JWK field.
 */
export function iscPrivateKey(pkcs8: string): string {
  const jwk = createPrivateKey({ key: Buffer.from(pkcs8, 'base64'), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || !jwk.d) throw new Error('not a P-256 private key');
  const d = Buffer.from(jwk.d, 'base64url');
  // A JWK's d is the full 32 bytes (RFC 7518 6.2.2.1), leading zeros kept; so is the ISC field.
  return `Private-key-format: v1.2\nAlgorithm: 13 (ECDSAP256SHA256)\nPrivateKey: ${d.toString('base64')}\n`;
}

/** The DNSKEY RDATA a cryptokey's `dnskey` holds, or undefined if it does not read as one. */
function rdataOf(dnskey: string): Buffer | undefined {
  const [flags, protocol, algorithm, ...key] = dnskey.trim().split(/\s+/);
  if (protocol !== '3' || key.length === 0) return undefined;
  return dnskeyRdata(Number(flags), Number(algorithm), key.join(''));
}

const rdataOfKey = (key: ZoneSigningKey) => dnskeyRdata(key.flags, key.algorithm, key.publicKey);

/** What setSigning sends: keys to import, keys whose `active` changes, keys to delete (by id). */
export interface CryptokeyPlan {
  add: ZoneSigningKey[];
  activate: Array<{ id: number; active: boolean }>;
  remove: number[];
}

/**
 * The cryptokey changes that make PowerDNS hold exactly `keys`: a held key is ours when its DNSKEY
 * RDATA (flags, algorithm, public key) is a wanted key's, and then only its `active` (= signs) and
 * `published` (always) may need a PUT; any other key PowerDNS holds for the zone goes (one an
 * operator added by hand included: the store's keys are the zone's keys, so every provider and
 * every instance signs alike). Applied in the order add, activate, remove, so a rollover never
 * passes through a state without a signing key.
 */
export function planCryptokeys(held: PdnsCryptokey[], keys: ZoneSigningKey[]): CryptokeyPlan {
  const plan: CryptokeyPlan = { add: [], activate: [], remove: [] };
  const kept = new Set<number>();
  for (const key of keys) {
    const rdata = rdataOfKey(key);
    const match = held.find((h) => !kept.has(h.id) && rdataOf(h.dnskey)?.equals(rdata));
    if (!match) {
      plan.add.push(key);
      continue;
    }
    kept.add(match.id);
    if (match.active !== key.signs || !match.published) plan.activate.push({ id: match.id, active: key.signs });
  }
  plan.remove = held.filter((h) => !kept.has(h.id)).map((h) => h.id);
  return plan;
}

export const PUBLISH_CDS = 'PUBLISH-CDS';
export const PUBLISH_CDNSKEY = 'PUBLISH-CDNSKEY';

/**
 * The PUBLISH-CDS and PUBLISH-CDNSKEY metadata for `signing` (absent: undefined).
 * - cdsDelete: "0" for both, which PowerDNS (since 4.4) serves as RFC 8078 4's delete records,
 *   `CDS 0 0 0 00` and `CDNSKEY 0 3 0 AA==`, in place of the keys';
 * - a key with `cds`: CDS of digest type 2 (SHA-256, the DS we hand to registries) and CDNSKEY.
 *   PowerDNS publishes them for every SEP key of the zone, not for chosen ones: all our keys are
 *   CSKs, so during a rollover both keys' CDS appear, which asks the parent for a DS set of both
 *   keys, a safe state (RFC 7583 3.3.2's double-DS) from which the next CDS, with only the new key,
 *   moves on;
 * - otherwise none.
 */
export function publishMetadata(signing: ZoneSigning | null): Record<typeof PUBLISH_CDS | typeof PUBLISH_CDNSKEY, string | undefined> {
  if (!signing || signing.keys.length === 0) return { [PUBLISH_CDS]: undefined, [PUBLISH_CDNSKEY]: undefined };
  if (signing.cdsDelete) return { [PUBLISH_CDS]: '0', [PUBLISH_CDNSKEY]: '0' };
  if (signing.keys.some((k) => k.cds)) return { [PUBLISH_CDS]: '2', [PUBLISH_CDNSKEY]: '1' };
  return { [PUBLISH_CDS]: undefined, [PUBLISH_CDNSKEY]: undefined };
}

/**
 * What PowerDNS serves from its cryptokeys: the published keys, while at least one signs (without an
 * active key PowerDNS serves the zone unsigned, no DNSKEY either), with PowerDNS's own SHA-256 DS of
 * each. Undefined when it serves the zone unsigned.
 */
export function servedSigning(held: PdnsCryptokey[]): ServedSigning | undefined {
  const published = held.filter((k) => k.published);
  if (!held.some((k) => k.active && k.published)) return undefined;
  const out: ServedSigning = { keyTags: [], ds: [] };
  for (const key of published) {
    const rdata = rdataOf(key.dnskey);
    const ds = (key.ds ?? []).map(parseDs).find((d) => d?.digestType === 2);
    const tag = ds?.keyTag ?? (rdata ? keyTag(rdata) : undefined);
    if (tag === undefined) continue;
    out.keyTags.push(tag);
    if (ds) out.ds.push(ds);
  }
  return out;
}

function parseDs(text: string): ServedSigning['ds'][number] | undefined {
  const [tag, algorithm, digestType, ...digest] = text.trim().split(/\s+/);
  if (digest.length === 0) return undefined;
  return { keyTag: Number(tag), algorithm: Number(algorithm), digestType: Number(digestType), digest: digest.join('').toUpperCase() };
}
