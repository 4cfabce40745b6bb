/**
 * DNS providers: where the zones kept in the store are published for the Internet to query. The core
 * plans a change set (core/dns/publish-zone.ts: the store's zone against what the provider holds) and a
 * provider only translates and applies it, the way dnscontrol's providers apply corrections.
 *
 * Implementations: `builtin` (providers/dns/builtin: the authoritative server inside hostplane). Later:
 * `powerdns` (its HTTP API). Every implementation passes the one conformance suite in
 * test/providers/dns/conformance.ts, for the record types and features it declares.
 */

/**
 * One published record. Names are fully qualified, lower case, without the root's trailing dot. The
 * store's own kinds are already translated (core/dns/zone-snapshot.ts): an SRV's owner carries its
 * service and protocol labels, an MXE is an MX and an A record, web forwards are not DNS records.
 */
export interface PublishedRecord {
  name: string;
  type: string;
  ttl: number;
  /** A/AAAA: the address; CNAME/NS/MX/SRV/ANAME: the target name; TXT: the text (split into 255-byte strings on the wire). */
  content: string;
  /** MX preference, SRV priority. */
  priority: number | null;
  weight: number | null;
  port: number | null;
  /** A only, with the `fallback-ip` feature: served while `content` fails its health check. */
  fallback_ip: string | null;
}

/** A zone's SOA fields (RFC 1035 3.3.13); `ttl` is the SOA record's own TTL. */
export interface ZoneSoa {
  primary_ns: string;
  /** RNAME in mailbox-as-name form: "hostmaster.example.net". */
  hostmaster: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  /** Negative caching TTL (RFC 2308 4). */
  minimum: number;
  ttl: number;
}

export interface ZoneSnapshot {
  name: string;
  soa: ZoneSoa;
  /** In a stable order (see sortRecords); the SOA is not among them. */
  records: PublishedRecord[];
}

/** Replace the RRset (name, type) with `records`; an empty list deletes it. */
export interface RRsetChange {
  name: string;
  type: string;
  records: PublishedRecord[];
}

/** A planned change of one zone: the new SOA (its serial moves with every change) and the RRsets that differ. */
export interface ZoneChangeSet {
  soa: ZoneSoa;
  rrsets: RRsetChange[];
}

/**
 * What a provider can do beyond plain records. A zone is only given record types and features its
 * provider declares; the publisher leaves the rest out (and the API refuses them up front).
 * - `wildcard`: "*" owners answer for names that do not exist (RFC 4592);
 * - `delegation`: NS records below the apex delegate, with glue;
 * - `fallback-ip`: an A record's fallback_ip is served while its address fails a health check;
 * - `aname`: ANAME records are answered with the addresses of their target;
 * - `axfr` / `notify`: secondaries transfer zones from the provider and are told of changes;
 * - `dnssec`: signs zones with the keys it is given (setSigning) and reports what it serves (readSigning).
 */
export type DnsFeature = 'wildcard' | 'delegation' | 'fallback-ip' | 'aname' | 'axfr' | 'notify' | 'dnssec';

export interface DnsCapabilities {
  types: readonly string[];
  features: readonly DnsFeature[];
}

/**
 * One DNSSEC key of a zone, as the core holds it (core/dns/dnssec). Every key is a combined signing key
 * (CSK: flags 257, the SEP bit set) of algorithm 13, ECDSA P-256 with SHA-256 (RFC 6605): one key signs
 * every RRset, DNSKEY included, and a rollover has two keys for a while (double signature, RFC 7583 3.3.2).
 */
export interface ZoneSigningKey {
  /** RFC 4034 Appendix B key tag of its DNSKEY. */
  keyTag: number;
  algorithm: 13;
  flags: 257;
  /** The DNSKEY's public key field, base64: the 64 bytes x || y of the P-256 point (RFC 6605 4). */
  publicKey: string;
  /** The private key, PKCS#8 DER in base64. Decrypted by the core for the provider; never stored so. */
  privateKey: string;
  /** Whether RRSIGs are made with it. A key that does not sign is still published in the DNSKEY RRset. */
  signs: boolean;
  /** Whether CDS and CDNSKEY (RFC 7344) are published for it: the keys the parent should hold DS for. */
  cds: boolean;
}

/** How a zone is signed: its keys, and the TTL of the DNSKEY, CDS and CDNSKEY RRsets. */
export interface ZoneSigning {
  keys: ZoneSigningKey[];
  dnskeyTtl: number;
  /** Publish the CDS/CDNSKEY "delete" records (RFC 8078 4: `0 0 0 00`, `0 3 0 AA==`) instead of the keys'. */
  cdsDelete: boolean;
}

/** What a provider serves for a zone's DNSSEC: the tags of the keys in its DNSKEY RRset, and their DS. */
export interface ServedSigning {
  keyTags: number[];
  /** DS (digest type 2, SHA-256) of every key in the DNSKEY RRset, as the provider computes them. */
  ds: Array<{ keyTag: number; algorithm: number; digestType: number; digest: string }>;
}

/** Refusals by a provider: a zone that is not there, or data it cannot hold. */
export class DnsProviderError extends Error {
  constructor(
    readonly reason: 'no_zone' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'DnsProviderError';
  }
}

export interface DnsProvider {
  readonly name: string;
  readonly capabilities: DnsCapabilities;
  /** Creates zone `name` with `soa` and no records; on an existing zone it does nothing. */
  ensureZone(name: string, soa: ZoneSoa): Promise<void>;
  /** Applies `changes` to zone `name` as one step. Errors: no_zone; unsupported for a type it does not declare. */
  applyChanges(name: string, changes: ZoneChangeSet): Promise<void>;
  /** Removes zone `name` and its records; a zone that is not there is not an error. */
  deleteZone(name: string): Promise<void>;
  /** The zone as the provider holds it (records in sortRecords order), or undefined. */
  readZone(name: string): Promise<ZoneSnapshot | undefined>;
  /** Every zone the provider holds, with the serial it holds, for reconciling it with the store. */
  listZones(): Promise<Array<{ name: string; serial: number }>>;
  /**
   * With the 'dnssec' feature: signs zone `name` with `signing` from now on, or serves it unsigned
   * with null. Called by publishZone before the changes that carry the zone's new serial, so a
   * provider holding a serial holds that serial's signing too. Errors: no_zone.
   */
  setSigning?(name: string, signing: ZoneSigning | null): Promise<void>;
  /** With the 'dnssec' feature: what it serves for zone `name` (undefined: unsigned or no such zone). */
  readSigning?(name: string): Promise<ServedSigning | undefined>;
}

/** The order records are compared and listed in: name, type, then content and the numbers. */
export const recordKey = (r: PublishedRecord): string =>
  [r.name, r.type, r.content, r.priority ?? '', r.weight ?? '', r.port ?? '', r.ttl, r.fallback_ip ?? ''].join('\u0000');

const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const text = (value: number | string | null): string => (value === null ? '' : String(value));

/**
 * recordKey's order, field by field: the first field that differs decides, and it is nearly always the
 * name, so no key string is made (a DNS server's start sorts a million records, and making their keys
 * was its largest cost after the store's read). The numbers compare as recordKey's text does.
 */
export function compareRecords(a: PublishedRecord, b: PublishedRecord): number {
  return order(a.name, b.name) || order(a.type, b.type) || order(a.content, b.content)
    || order(text(a.priority), text(b.priority)) || order(text(a.weight), text(b.weight)) || order(text(a.port), text(b.port))
    || order(text(a.ttl), text(b.ttl)) || order(text(a.fallback_ip), text(b.fallback_ip));
}

/**
 * The records in compareRecords order; records already in order (a snapshot, which every zone the
 * server loads arrives as) are copied without sorting.
 */
export function sortRecords(records: readonly PublishedRecord[]): PublishedRecord[] {
  for (let i = 1; i < records.length; i++) if (compareRecords(records[i - 1]!, records[i]!) > 0) return [...records].sort(compareRecords);
  return records.slice();
}
