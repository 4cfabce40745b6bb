import dnsPacket from 'dns-packet';
import type { Rr } from '../answer.js';

/**
 * The canonical forms DNSSEC signs and orders by (RFC 4034 6): names as bytes in lower case, RDATA
 * with its domain names in lower case, RRs of a set sorted by their RDATA, names sorted label by label
 * from the right. Names here are the server's text form: labels joined by ".", a byte that is not
 * plain printable ASCII written as `\DDD` (wire.ts readQuestion), lower case, no trailing dot.
 */

/** The labels of `name` as bytes, leftmost first ("" is the root: no labels). */
export function labelsOf(name: string): Buffer[] {
  const text = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  if (text === '') return [];
  const out: Buffer[] = [];
  let bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c && i + 1 < text.length) {
      const ddd = /^\d{3}/.exec(text.slice(i + 1, i + 4));
      if (ddd) {
        bytes.push(Number(ddd[0]));
        i += 3;
      } else bytes.push(text.charCodeAt(++i));
    } else if (c === 0x2e) {
      out.push(Buffer.from(bytes));
      bytes = [];
    } else if (c < 0x80) bytes.push(c);
    else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  out.push(Buffer.from(bytes));
  // Only US-ASCII upper case letters fold (RFC 4034 6.2, RFC 4343).
  for (const label of out) for (let i = 0; i < label.length; i++) if (label[i]! >= 0x41 && label[i]! <= 0x5a) label[i]! += 0x20;
  return out;
}

/** A name in canonical wire form: lower case labels, uncompressed, the root's empty label last. */
export function nameWire(name: string): Buffer {
  const parts: Buffer[] = [];
  for (const label of labelsOf(name)) parts.push(Buffer.from([label.length]), label);
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

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
