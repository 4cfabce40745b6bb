import { RCODE, answer, flatten, rrset, zoneFor, type Answer, type Lookups, type Question, type Rr } from '../answer.js';
import { parentOf, type CompiledZone, type ZoneIndex } from '../zone-index.js';
import { chainOf, type NsecChain } from './nsec-chain.js';
import { Signer } from './signer.js';
import { keyRrsets } from './zone-keys.js';

/**
 * Where answers of signed zones get their DNSSEC records (RFC 4035 3.1): the answer is made as for an
 * unsigned zone (answer.ts, which notes what must be proven), then, when the query set the DO bit
 * (RFC 4035 3.2.1, RFC 3225), every RRset the zone is authoritative for gets its RRSIGs, and the
 * authority section the NSEC records that prove what the answer says does not exist:
 * - NXDOMAIN: the NSEC covering the name and the one covering the wildcard at its closest encloser
 *   (RFC 4035 3.1.3.2);
 * - NODATA: the name's NSEC (or, for an empty non-terminal, the one covering it); from a wildcard,
 *   the NSEC covering the name and the wildcard's (RFC 4035 3.1.3.4);
 * - an answer synthesized from a wildcard: its RRSIGs carry the wildcard's labels count (signed as the
 *   wildcard, RFC 4035 5.3.2) and the NSEC covering the name proves no closer match (RFC 4035 3.1.3.3);
 * - a referral: the DS and its RRSIGs, or the delegation's NSEC proving there is no DS (insecure
 *   delegation, RFC 4035 3.1.4); the NS and the glue are not the zone's data and are never signed.
 * Dynamic answers (ANAME addresses, fallback_ip, the web forwarder's address) are signed as served.
 * Without DO a signed zone answers as an unsigned one, but for the DNSSEC types asked for by name
 * (DNSKEY, CDS, CDNSKEY, NSEC), which are its data.
 */

export interface SigningResponder extends Lookups {
  index: ZoneIndex;
  /** The server's signature cache; without it, one shared by the process (on the system clock). */
  signer?: Signer;
}

const RRSIG = 46;
const NSEC = 47;
const ANY = 255;
let shared: Signer | undefined;

/** The answer to `q`, with its DNSSEC records when `dnssecOk` and the zone is signed. */
export function signedAnswer(r: SigningResponder, q: Question, dnssecOk: boolean): Answer {
  const zone = zoneFor(r.index, q.name, q.type);
  if (zone?.signing && q.type === NSEC) {
    const explicit = nsecAnswer(r, zone, q, dnssecOk);
    if (explicit) return explicit;
  }
  if (zone?.signing && q.type === RRSIG) {
    const explicit = rrsigAnswer(r, zone, q);
    if (explicit) return explicit;
  }
  const a = answer(r.index, q, r);
  if (!dnssecOk || !a.zone?.signing || a.rcode === RCODE.SERVFAIL || a.rcode === RCODE.REFUSED) return a;
  return withDnssec(r, a.zone, a);
}

/** A question for the NSEC at a name of the chain: that record (it is the zone's data like any other). */
function nsecAnswer(r: SigningResponder, zone: CompiledZone, q: Question, dnssecOk: boolean): Answer | undefined {
  const chain = chainOf(zone, r.web);
  if (!chain.has(q.name) || q.owner === undefined) return undefined;
  const nsec = { ...chain.nsec(chain.floor(q.name), present(r, zone)), name: q.owner };
  const answers = dnssecOk ? [nsec, ...signerOf(r).sign(zone.name, zone.signing!, [nsec])] : [nsec];
  return { rcode: RCODE.NOERROR, aa: true, answers, authorities: [], additionals: [], glueRequired: false, zone };
}

/**
 * A question for the RRSIGs at a name of the chain: those of every RRset there, its NSEC's included
 * (as BIND answers; RRSIG is in the name's NSEC types, so NODATA would contradict the chain).
 */
function rrsigAnswer(r: SigningResponder, zone: CompiledZone, q: Question): Answer | undefined {
  const chain = chainOf(zone, r.web);
  if (!chain.has(q.name) || q.owner === undefined || zone.cutAbove(q.name) !== undefined) return undefined;
  const all = answer(r.index, { ...q, type: ANY }, r);
  const nsec = { ...chain.nsec(chain.floor(q.name), present(r, zone)), name: q.owner };
  const signer = signerOf(r);
  const answers = rrsets([...all.answers, nsec]).flatMap((set) => signer.sign(zone.name, zone.signing!, set));
  return { rcode: RCODE.NOERROR, aa: true, answers, authorities: [], additionals: [], glueRequired: false, zone };
}

const signerOf = (r: SigningResponder): Signer => r.signer ?? (shared ??= new Signer());

/** Whether the ANAME at `owner` gives addresses of `type` now (for its NSEC's types). */
const present =
  (r: SigningResponder, zone: CompiledZone) =>
  (owner: string, type: 'A' | 'AAAA'): boolean => {
    const aname = zone.nodes.get(owner)?.get('ANAME');
    return aname !== undefined && (flatten(r.index, aname, type, owner, r, 0)?.length ?? 0) > 0;
  };

/** `rrs` as RRsets (same owner, any case, and type; in the order first seen), each with one TTL, the least. */
function rrsets(rrs: readonly Rr[]): Rr[][] {
  const sets = new Map<string, Rr[]>();
  for (const rr of rrs) {
    const key = `${rr.name.toLowerCase()}\u0000${rr.type}`;
    const set = sets.get(key);
    if (set) set.push(rr);
    else sets.set(key, [rr]);
  }
  return [...sets.values()].map((set) => {
    const ttl = Math.min(...set.map((rr) => rr.ttl));
    return set.every((rr) => rr.ttl === ttl) ? set : set.map((rr) => ({ ...rr, ttl }));
  });
}

function withDnssec(r: SigningResponder, zone: CompiledZone, a: Answer): Answer {
  const signer = signerOf(r);
  const signing = zone.signing!;
  const chain = chainOf(zone, r.web);
  const nsecOf = present(r, zone);
  const signed = (rrs: readonly Rr[], sourceOf: (name: string) => string | undefined = () => undefined): Rr[] =>
    rrsets(rrs).flatMap((set) => [...set, ...signer.sign(zone.name, signing, set, sourceOf(set[0]!.name.toLowerCase()))]);

  const proof = a.proof ?? { wildcards: [] };
  const sources = new Map(proof.wildcards.map((w) => [w.name, w.source]));
  const answers = signed(a.answers, (name) => sources.get(name));
  const nsecs = new Map<number, Rr>();
  const prove = (name: string) => {
    const i = chain.floor(name);
    if (!nsecs.has(i)) nsecs.set(i, chain.nsec(i, nsecOf));
  };
  // A wildcard answer: the name asked does not exist (the NSEC covering it).
  for (const w of proof.wildcards) prove(w.name);

  let authorities: Rr[];
  const denial = proof.denial;
  if (denial?.kind === 'referral') {
    authorities = [...a.authorities];
    const ds = zone.nodes.get(denial.cut)?.get('DS');
    if (ds) authorities.push(...signed(rrset(ds, denial.cut)));
    else prove(denial.cut);
  } else {
    authorities = signed(a.authorities);
    if (denial?.kind === 'nxdomain') {
      prove(denial.name);
      prove(`*.${closestEncloser(zone, chain, denial.name)}`);
    } else if (denial?.kind === 'nodata') {
      // chain.floor gives the name's own NSEC, or for an empty non-terminal the one covering it.
      prove(denial.name);
      if (denial.source !== undefined) prove(denial.source);
    }
  }
  for (const nsec of nsecs.values()) authorities.push(nsec, ...signer.sign(zone.name, signing, [nsec]));
  // Glue is not the zone's data; other additional data (MX and SRV targets' addresses) is.
  const additionals = a.glueRequired ? a.additionals : signed(a.additionals);
  return { ...a, answers, authorities, additionals };
}

/** The nearest ancestor of `name` that exists (a name with data, or an empty non-terminal). */
function closestEncloser(zone: CompiledZone, chain: NsecChain, name: string): string {
  let n = parentOf(name);
  while (n !== undefined && n !== zone.name && !zone.names.has(n) && !chain.has(n)) n = parentOf(n);
  return n ?? zone.name;
}

/**
 * A signed zone's transfer (AXFR, and IXFR answered with the whole zone): `records` (the zone as
 * served, SOA excluded: answer.ts zoneTransferRecords) with the keys, the NSEC chain and the RRSIGs of
 * every RRset the zone is authoritative for, so that a secondary serves the zone signed as we do
 * without holding its keys (which is why the chain is NSEC and not synthesized: dnssec decision in
 * docs/decisions.md).
 */
export function signedTransferRecords(r: SigningResponder, zone: CompiledZone, soa: Rr, records: readonly Rr[]): Rr[] {
  const signer = signerOf(r);
  const signing = zone.signing!;
  const chain = chainOf(zone, r.web);
  const nsecOf = present(r, zone);
  const body = rrsets([...records, ...[...keyRrsets(zone).values()].flat(), ...chain.owners.map((_, i) => chain.nsec(i, nsecOf))]);
  const signatures = signer.sign(zone.name, signing, [soa]);
  for (const set of body) {
    const name = set[0]!.name.toLowerCase();
    const type = set[0]!.type;
    const cut = zone.cutAbove(name);
    // At a delegation only its DS and NSEC are the zone's; below it, nothing (glue).
    if (cut !== undefined && (cut !== name || (type !== 'DS' && type !== 'NSEC'))) continue;
    signatures.push(...signer.sign(zone.name, signing, set));
  }
  return [...body.flat(), ...signatures];
}
