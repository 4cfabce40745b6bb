import type { PublishedRecord } from '../../ports/dns.js';
import type { AliasView } from './alias.js';
import { QTYPE, WIRE_TYPES } from './rr-types.js';
import { parentOf, type CompiledZone, type ZoneIndex } from './zone-index.js';
import { webForward, withWebForwards, type WebForwarding } from './web-forward.js';

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

export interface Answer {
  rcode: number;
  aa: boolean;
  answers: Rr[];
  authorities: Rr[];
  additionals: Rr[];
  /** A referral's glue: it must fit, or the response is truncated (RFC 9471), unlike other additional data. */
  glueRequired: boolean;
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

/** The type a question asks for: a record type name, 'ANY', or the code of a type we never hold. */
function wantedType(code: number): string {
  if (code === QTYPE.ANY) return 'ANY';
  if (code === SOA) return 'SOA';
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

function referral(zone: CompiledZone, cut: string, answers: Rr[], health: HealthView | undefined): Answer {
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
  };
}

/** The answer to `q` from the zones in `index`. */
export function answer(index: ZoneIndex, q: Question, lookups: Lookups = {}, depth = 0): Answer {
  const { health } = lookups;
  const zone = index.find(q.name);
  const done = (rcode: number, aa: boolean, answers: Rr[] = [], authorities: Rr[] = [], additionals: Rr[] = []): Answer => ({
    rcode,
    aa,
    answers,
    authorities,
    additionals,
    glueRequired: false,
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
    if (cut !== undefined && !(q.type === DS && cut === name)) return referral(zone, cut, answers, health);

    let node = owner === undefined ? undefined : zone.nodes.get(name);
    let exists = node !== undefined || zone.names.has(name);
    if (!exists && owner !== undefined) {
      // Wildcard (RFC 4592 3.3.1): the closest encloser's "*" child answers for a name that does not exist.
      let encloser = parentOf(name);
      while (encloser !== undefined && !zone.names.has(encloser)) encloser = parentOf(encloser);
      const source = encloser === undefined ? undefined : `*.${encloser}`;
      if (source !== undefined && zone.names.has(source)) {
        node = zone.nodes.get(source) ?? new Map();
        exists = true;
      }
    }
    // Web forwards and parked names: the web forwarder's address (web-forward.ts).
    const forwarded = webForward(zone, name, node, want, owner ?? name, lookups.web);
    if (forwarded) return done(RCODE.NOERROR, true, [...answers, ...forwarded], forwarded.length > 0 ? [] : [negativeSoa(zone)]);
    if (!exists) {
      // RFC 6604: the RCODE speaks of the last name of a CNAME chain.
      return done(RCODE.NXDOMAIN, true, answers, [negativeSoa(zone)]);
    }
    const emit = owner ?? name;
    const cname = node?.get('CNAME');
    // ANY matches the CNAME itself (RFC 1034 4.3.2 3a), so only other types follow it.
    if (cname && want !== 'CNAME' && want !== 'ANY') {
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
      if (flat.length > 0) return done(RCODE.NOERROR, true, [...answers, ...flat]);
    }
    if (want === 'ANY' && name === zone.name) answers.push(soaRr(zone));
    const found = sets.flatMap((set) => rrset(set, emit, health));
    if (found.length === 0 && !(want === 'ANY' && name === zone.name)) {
      // NODATA (RFC 2308 2.2): the name exists, the type does not; the SOA says for how long.
      return done(RCODE.NOERROR, true, answers, [negativeSoa(zone)]);
    }
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
function flatten(index: ZoneIndex, aname: PublishedRecord[], type: 'A' | 'AAAA', owner: string, lookups: Lookups, depth: number): Rr[] | undefined {
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
