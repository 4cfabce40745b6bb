import type { PublishedRecord } from '../../ports/dns.js';

/**
 * How each record type goes on the wire, in one table: adding a type (CAA, DS for the partner API) is
 * one entry here plus its validation rule in core/dns/record-types.ts. `data` builds the rdata in the
 * shape dns-packet encodes; `target` names the host whose addresses belong in the additional section
 * (RFC 1035 3.3.9/3.3.11, RFC 2782) or that a CNAME points at.
 */
export interface WireType {
  code: number;
  data(r: PublishedRecord): unknown;
  target?(r: PublishedRecord): string;
}

/** TXT text as character-strings of at most 255 bytes each (RFC 1035 3.3.14). */
export function txtStrings(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return [Buffer.alloc(0)];
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255));
  return out;
}

const name = (r: PublishedRecord) => r.content;

/** CAA content as the partner API stores it: `flags tag "value"` (RFC 8659 4.1). */
function caa(r: PublishedRecord) {
  const m = /^(\d+)\s+(\S+)\s+"(.*)"$/.exec(r.content);
  return { flags: Number(m?.[1] ?? 0), tag: m?.[2] ?? '', value: m?.[3]?.replace(/\\(.)/g, '$1') ?? '' };
}

/** DS content as stored: `keytag algorithm digesttype hexdigest` (RFC 4034 5.3). */
function ds(r: PublishedRecord) {
  const [keyTag, algorithm, digestType, digest] = r.content.split(/\s+/);
  return { keyTag: Number(keyTag), algorithm: Number(algorithm), digestType: Number(digestType), digest: Buffer.from(digest ?? '', 'hex') };
}

export const WIRE_TYPES: Readonly<Record<string, WireType>> = {
  A: { code: 1, data: (r) => r.content },
  NS: { code: 2, data: name, target: name },
  CNAME: { code: 5, data: name, target: name },
  MX: { code: 15, data: (r) => ({ preference: r.priority ?? 0, exchange: r.content }), target: name },
  TXT: { code: 16, data: (r) => txtStrings(r.content) },
  AAAA: { code: 28, data: (r) => r.content },
  DS: { code: 43, data: ds },
  CAA: { code: 257, data: caa },
  SRV: { code: 33, data: (r) => ({ priority: r.priority ?? 0, weight: r.weight ?? 0, port: r.port ?? 0, target: r.content }), target: name },
};

/** Type codes of the query types that are not record types (RFC 1035 3.2.3, RFC 6895 3.1). */
export const QTYPE = { OPT: 41, TKEY: 249, TSIG: 250, IXFR: 251, AXFR: 252, MAILB: 253, MAILA: 254, ANY: 255 } as const;

const BY_CODE = new Map(Object.entries(WIRE_TYPES).map(([type, w]) => [w.code, type]));

/** The record type a query type code asks for, or undefined for a type we hold no records of. */
export const typeOfCode = (code: number): string | undefined => BY_CODE.get(code);
