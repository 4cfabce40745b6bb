import type { PublishedRecord } from '../../ports/dns.js';
import type { AliasView } from './alias.js';
import { QTYPE, WIRE_TYPES } from './rr-types.js';
import { parentOf, type CompiledZone, type ZoneIndex } from './zone-index.js';
import { isParked, webForward, withWebForwards, type WebForwarding } from './web-forward.js';
import { KEY_TYPES, keyRrsets } from './dnssec/zone-keys.js';

/**
 * The answer to one question, as an authoritative server gives it (RFC 1034 4.3.2, RFC 2308, RFC 4592,
 * RFC 6604). Pure: no sockets, no EDNS, no size limits (wire.ts does those).
 */

/** A resource record in the shape dns-packet encodes. */
export interface Rr {
  name: string;
  type: string;
  class: 'IN';
  ttl: number;
  data: unknown;
}

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, NOTAUTH: 9 } as const;

/**
 * What a signed answer must prove beyond its records (dnssec/signed-answer.ts), noted where the
 * answer is decided: the owners (lower case) of answer RRsets synthesized from a wildcard, and how the
 * answer ends: a name that does not exist, a name without the type asked (perhaps the wildcard's), or
 * a referral to a delegation.
 */
export interface Proof {
  wildcards: Array<{ name: string; source: string }>;
  denial?: { kind: 'nxdomain'; name: string } | { kind: 'nodata'; name: string; source?: string } | { kind: 'referral'; cut: string };
}

export interface Answer {
  rcode: number;
  aa: boolean;
  answers: Rr[];
  authorities: Rr[];
  additionals: Rr[];
  /** A referral's glue: it must fit, or the response is truncated (RFC 9471), unlike other additional data. */
  glueRequired: boolean;
  /** The zone that answered, and what DNSSEC must prove of the answer; absent for REFUSED. */
  zone?: CompiledZone;
  proof?: Proof;
}

export interface Question {
  /** Lower case, no trailing dot ("" for the root). */
  name: string;
  /**
   * The name as asked (its case kept, RFC 4343), for answers owned by it, each label byte without a
   * plain text form (a space, a dot, a backslash, a byte outside printable ASCII) written `\DDD`
   * (escaped-names.ts writes them back byte for byte); undefined answers it as a name that does not
   * exist (no exact match, no wildcard).
   */
  owner: string | undefined;
  type: number;
}

/** Which addresses fail their health check (an A record's fallback_ip is served meanwhile). */
export interface HealthView {
  isDown(address: string): boolean;
  /** Moves whenever isDown changes for some address; a view without it never changes (the server caches replies). */
  readonly version?: number;
}

/** What answers depend on beyond the zones: health checks (fallback_ip), resolved ANAME targets, the web forwarder. */
export interface Lookups {
  health?: HealthView;
  alias?: AliasView;
  web?: WebForwarding;
}

const CHAIN_LIMIT = 16;
const SOA = 6;
const DS = 43;

/** The DNSSEC types by code: a signed zone holds them (dnssec/), the records never do. */
const DNSSEC_TYPES: Record<number, string> = { 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 59: 'CDS', 60: 'CDNSKEY' };

/** The type a question asks for: a record type name, 'ANY', or the code of a type we never hold. */
function wantedType(code: number): string {
  if (code === QTYPE.ANY) return 'ANY';
  if (code === SOA) return 'SOA';
  const dnssec = DNSSEC_TYPES[code];
  if (dnssec) return dnssec;
  for (const [type, w] of Object.entries(WIRE_TYPES)) if (w.code === code) return type;
  return `TYPE${code}`;
}

export function soaRr(zone: CompiledZone, ttl = zone.soa.ttl): Rr {
  const s = zone.soa;
  return {
    name: zone.name,
    type: 'SOA',
    class: 'IN',
    ttl,
    data: { mname: s.primary_ns, rname: s.hostmaster, serial: s.serial, refresh: s.refresh, retry: s.retry, expire: s.expire, minimum: s.minimum },
  };
}

/** The SOA of a negative answer: its TTL is the lesser of the SOA's TTL and MINIMUM (RFC 2308 3). */
export const negativeSoa = (zone: CompiledZone): Rr => soaRr(zone, Math.min(zone.soa.ttl, zone.soa.minimum));

/** An RRset on the wire, owned by `owner`; one TTL for the set (the least, RFC 2181 5.2). */
export function rrset(records: readonly PublishedRecord[], owner: string, health?: HealthView): Rr[] {
  const ttl = Math.min(...records.map((r) => r.ttl));
  const type = records[0]!.type;
  const wire = WIRE_TYPES[type];
  if (!wire) return [];
  const out: Rr[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    const served = type === 'A' && r.fallback_ip && health?.isDown(r.content) ? { ...r, content: r.fallback_ip } : r;
    // A fallback may equal another record's address: an RRset has no duplicates (RFC 2181 5).
    if (type === 'A' && seen.has(served.content)) continue;
    seen.add(served.content);
    out.push({ name: owner, type, class: 'IN', ttl, data: wire.data(served) });
  }
  return out;
}

/** The A and AAAA records of `host` if the zone holds them with authority (not below a delegation). */
function addressesOf(zone: CompiledZone, host: string, health: HealthView | undefined, glue = false): Rr[] {
  if (!zone.contains(host) || (!glue && zone.cutAbove(host) !== undefined)) return [];
  const node = zone.nodes.get(host);
  if (!node) return [];
  return [...['A', 'AAAA'].flatMap((t) => (node.get(t) ? rrset(node.get(t)!, host, health) : []))];
}

/** Additional section processing: addresses of the hosts the answer names (MX, SRV, NS targets). */
function additionalFor(zone: CompiledZone, rrs: Rr[], sets: PublishedRecord[][], health: HealthView | undefined): Rr[] {
  const out: Rr[] = [];
  const done = new Set<string>(rrs.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.name));
  for (const set of sets) {
    const wire = WIRE_TYPES[set[0]!.type];
    if (!wire?.target || set[0]!.type === 'CNAME') continue;
    for (const r of set) {
      const host = wire.target(r);
      if (done.has(host)) continue;
      done.add(host);
      out.push(...addressesOf(zone, host, health));
    }
  }
  return out;
}

function referral(zone: CompiledZone, cut: string, answers: Rr[], health: HealthView | undefined, wildcards: Proof['wildcards']): Answer {
  const ns = zone.nodes.get(cut)!.get('NS')!;
  const glue: Rr[] = [];
  const seen = new Set<string>();
  for (const r of ns) {
    // Glue: addresses of name servers inside the zone (below the cut they are glue, not authoritative data).
    if (seen.has(r.content)) continue;
    seen.add(r.content);
    glue.push(...addressesOf(zone, r.content, health, true));
  }
  return {
    rcode: RCODE.NOERROR,
    // A referral is not authoritative (RFC 1034 4.3.2 3b), but a CNAME leading to it is.
    aa: answers.length > 0,
    answers,
    authorities: rrset(ns, cut),
    additionals: glue,
    glueRequired: true,
    zone,
    proof: { wildcards, denial: { kind: 'referral', cut } },
  };
}

/**
 * The zone that answers `name`: the nearest one, but a DS at the apex of a zone whose parent we serve
 * too, with a delegation to it, is the parent's data (RFC 4035 3.1.4.1).
 */
export function zoneFor(index: ZoneIndex, name: string, type: number): CompiledZone | undefined {
  const zone = index.find(name);
  if (type === DS && zone?.name === name) {
    const above = parentOf(name);
    const parent = above === undefined ? undefined : index.find(above);
    if (parent?.cuts.has(name)) return parent;
  }
  return zone;
}

/** The answer to `q` from the zones in `index`. */
export function answer(index: ZoneIndex, q: Question, lookups: Lookups = {}, depth = 0): Answer {
  const { health } = lookups;
  const zone = zoneFor(index, q.name, q.type);
  const wildcards: Proof['wildcards'] = [];
  const done = (rcode: number, aa: boolean, answers: Rr[] = [], authorities: Rr[] = [], additionals: Rr[] = [], denial?: Proof['denial']): Answer => ({
    rcode,
    aa,
    answers,
    authorities,
    additionals,
    glueRequired: false,
    zone,
    proof: { wildcards, denial },
  });
  // Not ours: an authoritative-only server refuses rather than refer or recurse (RFC 2136 style REFUSED).
  if (!zone) return done(RCODE.REFUSED, false);

  const want = wantedType(q.type);
  const answers: Rr[] = [];
  const visited = new Set<string>();
  let name = q.name;
  let owner = q.owner;

  for (let step = 0; step < CHAIN_LIMIT; step++) {
    visited.add(name);
    const cut = zone.cutAbove(name);
    // DS lives on the parent side of a cut (RFC 4035 3.1.4.1); anything else at or below it is referred.
    if (cut !== undefined && !(q.type === DS && cut === name)) return referral(zone, cut, answers, health, wildcards);

    let node = owner === undefined ? undefined : zone.nodes.get(name);
    // A parked zone's www answers with the web forwarder's address (web-forward.ts), so it exists
    // for every type: NODATA, not NXDOMAIN, for the others (and an NSEC in a signed zone).
    const parkedWww = name === `www.${zone.name}` && lookups.web !== undefined && isParked(zone, lookups.web.parkNameservers);
    let exists = node !== undefined || zone.names.has(name) || parkedWww;
    let source: string | undefined;
    if (!exists && owner !== undefined) {
      // Wildcard (RFC 4592 3.3.1): the closest encloser's "*" child answers for a name that does not exist.
      let encloser = parentOf(name);
      while (encloser !== undefined && !zone.names.has(encloser)) encloser = parentOf(encloser);
      const wildcard = encloser === undefined ? undefined : `*.${encloser}`;
      if (wildcard !== undefined && zone.names.has(wildcard)) {
        node = zone.nodes.get(wildcard) ?? new Map();
        exists = true;
        source = wildcard;
      }
    }
    // Web forwards and parked names: the web forwarder's address (web-forward.ts).
    const forwarded = webForward(zone, name, node, want, owner ?? name, lookups.web);
    const synthesized = () => source !== undefined && wildcards.push({ name, source });
    if (forwarded) {
      if (forwarded.length === 0) return done(RCODE.NOERROR, true, answers, [negativeSoa(zone)], [], { kind: 'nodata', name, source });
      synthesized();
      return done(RCODE.NOERROR, true, [...answers, ...forwarded]);
    }
    if (!exists) {
      // RFC 6604: the RCODE speaks of the last name of a CNAME chain.
      return done(RCODE.NXDOMAIN, true, answers, [negativeSoa(zone)], [], { kind: 'nxdomain', name });
    }
    const emit = owner ?? name;
    const cname = node?.get('CNAME');
    // ANY matches the CNAME itself (RFC 1034 4.3.2 3a), so only other types follow it.
    if (cname && want !== 'CNAME' && want !== 'ANY') {
      synthesized();
      answers.push(...rrset(cname, emit));
      const target = cname[0]!.content;
      // Chains are followed inside this zone only; a loop or a target elsewhere ends the answer there.
      if (visited.has(target) || !zone.contains(target)) return done(RCODE.NOERROR, true, answers);
      name = target;
      owner = target;
      continue;
    }
    const sets: PublishedRecord[][] = [];
    if (want === 'ANY') sets.push(...(node?.values() ?? []));
    else if (want === 'SOA' && name === zone.name) return done(RCODE.NOERROR, true, [...answers, soaRr(zone)]);
    else if (node?.get(want)) sets.push(node.get(want)!);
    else if ((want === 'A' || want === 'AAAA') && node?.get('ANAME')) {
      const flat = flatten(index, node.get('ANAME')!, want, emit, lookups, depth);
      if (flat === undefined) return done(RCODE.SERVFAIL, false, answers);
      if (flat.length > 0) {
        synthesized();
        return done(RCODE.NOERROR, true, [...answers, ...flat]);
      }
    }
    // A signed zone's keys (dnssec/zone-keys.ts) are RRsets of its apex like the others.
    const keys = name === zone.name && (KEY_TYPES.has(want) || want === 'ANY') ? keyRrsets(zone) : undefined;
    if (want === 'ANY' && name === zone.name) answers.push(soaRr(zone));
    const found = [...sets.flatMap((set) => rrset(set, emit, health)), ...(want === 'ANY' ? [...(keys?.values() ?? [])].flat() : (keys?.get(want) ?? [])).map((r) => ({ ...r, name: emit }))];
    if (found.length === 0 && !(want === 'ANY' && name === zone.name)) {
      // NODATA (RFC 2308 2.2): the name exists, the type does not; the SOA says for how long.
      return done(RCODE.NOERROR, true, answers, [negativeSoa(zone)], [], { kind: 'nodata', name, source });
    }
    synthesized();
    answers.push(...found);
    return done(RCODE.NOERROR, true, answers, [], additionalFor(zone, answers, sets, health));
  }
  // A chain longer than any sane zone holds: what was gathered so far.
  return done(RCODE.NOERROR, true, answers);
}

/**
 * An ANAME's addresses of `type`, owned by `owner` (RFC draft-ietf-dnsop-aname, PowerDNS's ALIAS):
 * a target in a zone we serve is looked up here and now; any other from the AliasResolver's cache.
 * The TTL is the least of the ANAME's and the addresses'. Undefined when the target is not resolved
 * yet (SERVFAIL: the resolver asks again); empty when it has no address of that type (NODATA).
 */
export function flatten(index: ZoneIndex, aname: PublishedRecord[], type: 'A' | 'AAAA', owner: string, lookups: Lookups, depth: number): Rr[] | undefined {
  const target = aname[0]!.content;
  const ttl = Math.min(...aname.map((r) => r.ttl));
  let addresses: { data: unknown; ttl: number }[];
  if (index.find(target)) {
    // ANAME to ANAME is followed, a few times at most.
    if (depth >= 8) return [];
    const inner = answer(index, { name: target, owner: target, type: WIRE_TYPES[type]!.code }, lookups, depth + 1);
    if (inner.rcode === RCODE.SERVFAIL) return undefined;
    addresses = inner.answers.filter((r) => r.type === type);
  } else {
    const found = lookups.alias?.addresses(target, type);
    if (!found) return undefined;
    addresses = found.addresses.map((a) => ({ data: a, ttl: found.ttl }));
  }
  return addresses.map((a) => ({ name: owner, type, class: 'IN', ttl: Math.min(ttl, a.ttl), data: a.data }));
}

/**
 * Every record of `zone` for a zone transfer, SOA excluded (AXFR sends it first and last). Secondaries
 * know no ANAME: they get the addresses it stands for now, as A and AAAA records.
 */
export function zoneTransferRecords(zone: CompiledZone, index?: ZoneIndex, lookups: Lookups = {}): Rr[] {
  const out: Rr[] = [];
  for (const [owner, node] of zone.nodes) {
    for (const set of node.values()) out.push(...rrset(set, owner));
    const aname = node.get('ANAME');
    if (aname && index) for (const type of ['A', 'AAAA'] as const) out.push(...(flatten(index, aname, type, owner, lookups, 0) ?? []));
  }
  return withWebForwards(zone, out, lookups.web);
}
