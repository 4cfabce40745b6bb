import dnsPacket from 'dns-packet';
import { foldCase, nameLabels } from '../../../core/dns/name-wire.js';
import type { Rr } from '../answer.js';

/**
 * The canonical forms DNSSEC signs and orders by (RFC 4034 6): names as bytes in lower case, RDATA
 * with its domain names in lower case, RRs of a set sorted by their RDATA, names sorted label by label
 * from the right. Names here are the server's text form: labels joined by ".", a byte that is not
 * plain printable ASCII written as `\DDD` (wire.ts readQuestion), lower case, no trailing dot.
 */

/** The labels of `name` as lower case bytes, leftmost first ("" is the root: no labels). */
export const labelsOf = (name: string): Buffer[] => foldCase(nameLabels(name));

/** The RRSIG labels field (RFC 4034 3.1.3): the owner's labels, a leading "*" not counted. */
export function signatureLabels(owner: string): number {
  const labels = labelsOf(owner);
  return labels.length - (labels[0]?.length === 1 && labels[0][0] === 0x2a ? 1 : 0);
}

/** RFC 4034 6.1: the order of names, compared label by label from the right, each as lower case bytes. */
export function compareKeys(a: readonly Buffer[], b: readonly Buffer[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = Buffer.compare(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** What compareKeys compares: the labels rightmost first. */
export const orderKey = (name: string): Buffer[] => labelsOf(name).reverse();

/** The types whose RDATA names are lower cased in canonical form (RFC 4034 6.2 item 3, of those we serve). */
function lowerNames(type: string, data: unknown): unknown {
  const lower = (n: string) => n.toLowerCase();
  switch (type) {
    case 'NS':
    case 'CNAME':
      return lower(data as string);
    case 'MX': {
      const d = data as { preference: number; exchange: string };
      return { ...d, exchange: lower(d.exchange) };
    }
    case 'SRV': {
      const d = data as { target: string };
      return { ...d, target: lower(d.target) };
    }
    case 'SOA': {
      const d = data as { mname: string; rname: string };
      return { ...d, mname: lower(d.mname), rname: lower(d.rname) };
    }
    default:
      return data;
  }
}

/** dns-packet's encoder of one type's RDATA (its `record`, left out of its type declarations); a type it does not know takes a Buffer. */
const codec = (type: string) => (dnsPacket as unknown as { record(type: string): { encode(data: unknown): Buffer } }).record(type);

/** The RDATA of `rr` in canonical form (no length). dns-packet writes names uncompressed. */
export function rdataWire(rr: Pick<Rr, 'type' | 'data'>): Buffer {
  const data = lowerNames(rr.type, rr.data);
  return codec(rr.type).encode(data).subarray(2);
}

/** RFC 4034 6.3: the RDATA of an RRset in canonical order, duplicates removed. */
export function canonicalRdatas(rrs: readonly Pick<Rr, 'type' | 'data'>[]): Buffer[] {
  const sorted = rrs.map(rdataWire).sort(Buffer.compare);
  return sorted.filter((r, i) => i === 0 || !r.equals(sorted[i - 1]!));
}
