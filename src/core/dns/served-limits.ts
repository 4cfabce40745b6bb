import type { Zone } from '../../ports/store.js';
import type { RecordData } from './record-types.js';

/**
 * What a DNS server can answer and a secondary will load, checked on the records of one owner name
 * before a change is written (planChange). Pure arithmetic over the records as the zone publishes them
 * (zoneSnapshot): an MXE is an MX, a web forward the forwarder's A and AAAA.
 *
 * The size of an answer: a DNS message over TCP holds at most 65,535 bytes (RFC 1035 4.2.2, RFC 7766
 * 8); a bigger one goes out empty with TC set, and the name cannot be resolved at all. Two answers are
 * bounded: one RRset (a query of its type) and all the RRsets of the name together (ANY over TCP; a
 * zone transfer may split a name across messages, but not a record). Sizes are counted without name
 * compression (our encoder does not compress, so this is the exact size and an upper bound for any
 * other server), and with headroom for what the answer carries besides the records:
 * - the message: header, the longest question (a wildcard's owner is the query's name: up to 255
 *   bytes), the OPT record and up to 512 bytes of EDNS options (cookies, NSID, extended errors);
 * - DNSSEC: two RRSIGs (algorithm 13, signer the zone) per RRset, as during a double-signature key
 *   rollover; one NSEC (longest next name, two type bitmap windows) with its two RRSIGs, which a
 *   wildcard answer or an NSEC chain's ANY carries; at the apex the DNSKEY, CDS and CDNSKEY RRsets of
 *   four keys each, signed.
 *
 * What a BIND secondary refuses when a zone transfer carries it (the transfer fails, "bad zone", and
 * the secondary keeps serving the old zone until it expires):
 * - more than 100 records of one type at a name, or more than 100 types at a name (BIND 9.18.28 and
 *   9.20: `max-records-per-type` and `max-types-per-name`, default 100, CVE-2024-1737);
 * - an NS RRset at a wildcard name ("invalid NS owner name (wildcard)"; RFC 4592 4.2);
 * - a CNAME beside other data, or two CNAMEs at one name ("CNAME and other data"): planChange;
 * - an apex without NS records ("has no NS records"): a zone is made with its name servers and its apex
 *   NS follow them (createZone, syncApexNameservers); records edits cannot touch them.
 * A limit is enforced only when a change makes things worse: records stored before a limit came can
 * still be edited down or deleted.
 */

export const MAX_MESSAGE = 65_535;
/** BIND's `max-records-per-type` and `max-types-per-name` defaults (9.18.28+, 9.20). */
export const MAX_RECORDS_PER_TYPE = 100;
export const MAX_TYPES_PER_NAME = 100;

const MAX_NAME = 255;
/** Header (12), the longest question (255 + type and class), an OPT record (11) and 512 bytes of EDNS options. */
const MESSAGE_RESERVE = 12 + MAX_NAME + 4 + 11 + 512;
/** Type, class, TTL and RDLENGTH of a record, after its owner. */
const RR_FIXED = 10;
/** RRSIG rdata without the signer's name: type covered to key tag (18) and an ECDSA P-256 signature (64). */
const RRSIG_FIXED = 18 + 64;
/** Signatures per RRset: two keys sign at once during a double-signature rollover. */
const SIGNATURES = 2;
/** NSEC type bitmap: windows 0 and 1 (CAA is type 257), each with its two header bytes and 32 bitmap bytes. */
const NSEC_BITMAP = 2 * (2 + 32);
/** Keys in the apex's DNSKEY, CDS and CDNSKEY RRsets during a rollover. */
const APEX_KEYS = 4;
/** DNSKEY/CDNSKEY rdata of a P-256 key (flags, protocol, algorithm, 64-byte key); a CDS with a SHA-256 digest. */
const DNSKEY_RDATA = 4 + 64;
const CDS_RDATA = 4 + 32;

const WEB_TYPES = ['URL', 'URLFRAME', 'FORWARD'];

export interface LimitProblem {
  field: 'host' | 'content' | 'type';
  message: string;
}

/** A name's length on the wire, uncompressed (RFC 1035 3.1). */
export function nameBytes(name: string): number {
  if (name === '') return 1;
  return name.split('.').reduce((sum, label) => sum + 1 + Buffer.byteLength(label, 'utf8'), 1);
}

/** TXT text as the server sends it: character-strings of at most 255 bytes, each after a length byte (RFC 1035 3.3.14). */
function txtBytes(text: string): number {
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes + Math.max(1, Math.ceil(bytes / 255));
}

/** The served type and rdata length of one record (its zoneSnapshot form); undefined for a web forward. */
function served(zone: Zone, r: RecordData): { type: string; rdata: number } | undefined {
  switch (r.type) {
    case 'A':
      return { type: 'A', rdata: 4 };
    case 'AAAA':
      return { type: 'AAAA', rdata: 16 };
    case 'NS':
    case 'CNAME':
      return { type: r.type, rdata: nameBytes(r.content) };
    case 'MX':
      return { type: 'MX', rdata: 2 + nameBytes(r.content) };
    case 'MXE':
      return { type: 'MX', rdata: 2 + nameBytes(`mxe-${r.content.replaceAll('.', '-')}.${zone.name}`) };
    case 'SRV':
      return { type: 'SRV', rdata: 6 + nameBytes(r.content) };
    case 'TXT':
      return { type: 'TXT', rdata: txtBytes(r.content) };
    default:
      // CAA ("flags tag value"), DS (hex digest), ANAME (a name; flattened to addresses), LUA (PowerDNS
      // makes the answer): their presentation text is at least as long as their rdata.
      return WEB_TYPES.includes(r.type) ? undefined : { type: r.type, rdata: Buffer.byteLength(r.content, 'utf8') + 2 };
  }
}

/** The published RRsets of records at one owner: type -> the size of each record on the wire. */
function rrsets(zone: Zone, owner: string, records: RecordData[]): Map<string, number[]> {
  const ownerBytes = owner.startsWith('*.') ? MAX_NAME : nameBytes(owner);
  const sets = new Map<string, number[]>();
  const add = (type: string, rdata: number) => {
    const list = sets.get(type) ?? [];
    list.push(ownerBytes + RR_FIXED + rdata);
    sets.set(type, list);
  };
  for (const r of records) {
    const s = served(zone, r);
    if (s) add(s.type, s.rdata);
  }
  // A web forward's name answers A and AAAA with the forwarder's addresses (one of each).
  if (records.some((r) => WEB_TYPES.includes(r.type))) {
    if (!sets.has('A')) add('A', 4);
    if (!sets.has('AAAA')) add('AAAA', 16);
  }
  if (owner === zone.name) {
    add('SOA', nameBytes(zone.primary_ns) + nameBytes(zone.hostmaster) + 20);
    for (let i = 0; i < APEX_KEYS; i++) {
      add('DNSKEY', DNSKEY_RDATA);
      add('CDNSKEY', DNSKEY_RDATA);
      add('CDS', CDS_RDATA);
    }
  }
  return sets;
}

const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);

/** The signed answers' sizes at `owner`: each RRset alone, and the whole name. */
function answerSizes(zone: Zone, owner: string, records: RecordData[]) {
  const ownerBytes = owner.startsWith('*.') ? MAX_NAME : nameBytes(owner);
  const signatures = SIGNATURES * (ownerBytes + RR_FIXED + RRSIG_FIXED + nameBytes(zone.name));
  const nsec = ownerBytes + RR_FIXED + MAX_NAME + NSEC_BITMAP + signatures;
  const sets = rrsets(zone, owner, records);
  const each = new Map<string, { bytes: number; count: number }>();
  let name = MESSAGE_RESERVE + nsec;
  for (const [type, sizes] of sets) {
    const bytes = sum(sizes) + signatures;
    // Keys, SOA and CDS are counted in the whole name only: no edit can grow them.
    if (!['SOA', 'DNSKEY', 'CDNSKEY', 'CDS'].includes(type)) each.set(type, { bytes: MESSAGE_RESERVE + nsec + bytes, count: sizes.length });
    name += bytes;
  }
  // Web forwards and the apex's DNSSEC types (RRSIG and NSEC aside) are types of their own at the name.
  return { each, name, types: sets.size };
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The first limit that the records at `owner` break after a change (`after`) and did not break, or
 * broke less, before it (`before`). Undefined when the change is fine.
 */
export function servedLimitProblem(zone: Zone, owner: string, before: RecordData[], after: RecordData[]): LimitProblem | undefined {
  const label = owner === zone.name ? 'the zone apex' : owner;
  if (owner.startsWith('*.') && after.some((r) => r.type === 'NS') && !before.some((r) => r.type === 'NS')) {
    return { field: 'host', message: `An NS record cannot be at a wildcard name (${owner}): secondary DNS servers refuse the zone (RFC 4592 4.2)` };
  }
  const was = answerSizes(zone, owner, before);
  const now = answerSizes(zone, owner, after);
  for (const [type, set] of now.each) {
    const old = was.each.get(type) ?? { bytes: 0, count: 0 };
    if (set.count > MAX_RECORDS_PER_TYPE && set.count > old.count) {
      return {
        field: 'host',
        message: `${label} would have ${set.count} ${type} records; secondary DNS servers refuse a zone with more than ${MAX_RECORDS_PER_TYPE} records of one type at a name`,
      };
    }
    if (set.bytes > MAX_MESSAGE && set.bytes > old.bytes) {
      return {
        field: 'content',
        message: `The ${type} records at ${label} would not fit in one DNS answer: ${fmt(set.bytes)} bytes with room for DNSSEC signatures, and a DNS message holds at most ${fmt(MAX_MESSAGE)}`,
      };
    }
  }
  if (now.types > MAX_TYPES_PER_NAME && now.types > was.types) {
    return { field: 'type', message: `${label} would have ${now.types} record types; secondary DNS servers refuse more than ${MAX_TYPES_PER_NAME} at a name` };
  }
  if (now.name > MAX_MESSAGE && now.name > was.name) {
    return {
      field: 'host',
      message: `The records at ${label} together would not fit in one DNS answer: ${fmt(now.name)} bytes with room for DNSSEC signatures, and a DNS message holds at most ${fmt(MAX_MESSAGE)}`,
    };
  }
  return undefined;
}
