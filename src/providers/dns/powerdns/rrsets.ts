import type { PublishedRecord, ZoneSoa } from '../../../ports/dns.js';
import { WEB_FORWARD_TYPES } from '../../../servers/dns/web-forward.js';

/** The record types that are web forwards (one list, kept beside the forwarding rules). */
export { WEB_FORWARD_TYPES };

/**
 * Translation between our published records (ports/dns.ts) and the RRsets of the PowerDNS HTTP API,
 * whose record content is zone-file presentation format with fully qualified names ending in a dot
 * (https://doc.powerdns.com/authoritative/http-api/zone.html#rrset). Pure.
 */

/** An RRset as the PowerDNS API reads and writes it. */
export interface PdnsRRset {
  name: string;
  type: string;
  ttl?: number;
  changetype?: 'REPLACE' | 'DELETE';
  records?: Array<{ content: string; disabled: boolean }>;
  comments?: Array<{ content: string; account: string; modified_at?: number }>;
}

/** Where the web forwarder is reached: the address that names with a web forward answer. */
export interface WebAddress {
  address: string;
  address6: string | null;
}


/**
 * The `account` of the RRset comments that carry what a name served by the web forwarder holds
 * besides the forwarder's address: its web forwards and its own A/AAAA (and CNAME) records (hidden while the
 * forwarder answers, kept for when it stops), so they read back; and PARKED on a parked zone's apex
 * and www.
 */
const FORWARD_ACCOUNT = 'hostplane';
const FORWARD_COMMENT = /^(URL|URLFRAME|FORWARD|A|AAAA|CNAME) (\d+) ([\s\S]*)$/;
const PARKED_COMMENT = 'PARKED';

/** Our ANAME is the record PowerDNS calls ALIAS (answered when `expand-alias` is on). */
const PDNS_TYPE: Record<string, string> = { ANAME: 'ALIAS' };
const OUR_TYPE: Record<string, string> = { ALIAS: 'ANAME' };

export const toPdnsType = (type: string): string => PDNS_TYPE[type] ?? type;
export const fromPdnsType = (type: string): string => OUR_TYPE[type] ?? type;

/** "www.example.fi" -> "www.example.fi." (the API refuses names that are not absolute). */
export const fqdn = (name: string): string => (name === '' || name === '.' ? '.' : name.endsWith('.') ? name : `${name}.`);

/** "www.example.fi." -> "www.example.fi": our names are lower case without the root's dot. */
export const bare = (name: string): string => (name === '.' ? '' : name.replace(/\.$/, '').toLowerCase());

/** The presentation-format content of one record. */
export function toContent(r: PublishedRecord): string {
  switch (r.type) {
    case 'CNAME':
    case 'NS':
    case 'ANAME':
      return fqdn(r.content);
    case 'MX':
      return `${r.priority ?? 0} ${fqdn(r.content)}`;
    case 'SRV':
      return `${r.priority ?? 0} ${r.weight ?? 0} ${r.port ?? 0} ${fqdn(r.content)}`;
    case 'TXT':
      return txtContent(r.content);
    default:
      // A, AAAA, CAA, DS and LUA are kept in the store in presentation format already.
      return r.content;
  }
}

/** One record read from PowerDNS, as we publish it. */
export function fromContent(name: string, pdnsType: string, ttl: number, content: string): PublishedRecord {
  const type = fromPdnsType(pdnsType);
  const r: PublishedRecord = { name: bare(name), type, ttl, content, priority: null, weight: null, port: null, fallback_ip: null };
  const fields = content.trim().split(/\s+/);
  switch (type) {
    case 'CNAME':
    case 'NS':
    case 'ANAME':
      return { ...r, content: bare(content.trim()) };
    case 'MX':
      return { ...r, priority: Number(fields[0]), content: bare(fields[1] ?? '') };
    case 'SRV':
      return { ...r, priority: Number(fields[0]), weight: Number(fields[1]), port: Number(fields[2]), content: bare(fields[3] ?? '') };
    case 'TXT':
      return { ...r, content: txtText(content) };
    default:
      return r;
  }
}

/**
 * TXT text as quoted character-strings of at most 255 bytes (RFC 1035 3.3.14), cut where the
 * builtin server cuts them (every 255 bytes of UTF-8), so both publish the same bytes. `"` and `\`
 * are escaped, and every byte outside printable ASCII is written as \DDD (RFC 1035 5.1), so the
 * cut may fall inside a multi-byte character without harm.
 */
export function txtContent(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const strings: string[] = [];
  for (let i = 0; i === 0 || i < bytes.length; i += 255) {
    let s = '';
    for (const b of bytes.subarray(i, i + 255)) {
      if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
      else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
      else s += `\\${String(b).padStart(3, '0')}`;
    }
    strings.push(`"${s}"`);
  }
  return strings.join(' ');
}

/** The text of TXT content: its character-strings unescaped and joined. Unquoted words count as strings. */
export function txtText(content: string): string {
  const out: number[] = [];
  let i = 0;
  const s = content.trim();
  while (i < s.length) {
    if (/\s/.test(s[i]!)) {
      i++;
      continue;
    }
    const quoted = s[i] === '"';
    if (quoted) i++;
    while (i < s.length && (quoted ? s[i] !== '"' : !/\s/.test(s[i]!))) {
      if (s[i] === '\\' && /^\d{3}$/.test(s.slice(i + 1, i + 4))) {
        out.push(Number(s.slice(i + 1, i + 4)));
        i += 4;
      } else {
        if (s[i] === '\\') i++;
        if (i < s.length) out.push(...Buffer.from(s[i]!, 'utf8'));
        i++;
      }
    }
    if (quoted) i++;
  }
  return Buffer.from(out).toString('utf8');
}

/** SOA content: "primary. hostmaster. serial refresh retry expire minimum" (RFC 1035 3.3.13). */
export const soaContent = (soa: ZoneSoa): string =>
  `${fqdn(soa.primary_ns)} ${fqdn(soa.hostmaster)} ${soa.serial} ${soa.refresh} ${soa.retry} ${soa.expire} ${soa.minimum}`;

export function soaFromContent(content: string, ttl: number): ZoneSoa {
  const [primary, hostmaster, ...numbers] = content.trim().split(/\s+/);
  const [serial, refresh, retry, expire, minimum] = numbers.map(Number);
  return {
    primary_ns: bare(primary ?? ''),
    hostmaster: bare(hostmaster ?? ''),
    serial: serial ?? 0,
    refresh: refresh ?? 0,
    retry: retry ?? 0,
    expire: expire ?? 0,
    minimum: minimum ?? 0,
    ttl,
  };
}

/** The SOA as an RRset REPLACE, which sets the serial exactly (a zone we create has no SOA-EDIT-API). */
export const soaRRset = (zone: string, soa: ZoneSoa): PdnsRRset => ({
  name: fqdn(zone),
  type: 'SOA',
  ttl: soa.ttl,
  changetype: 'REPLACE',
  records: [{ content: soaContent(soa), disabled: false }],
});

/**
 * The RRsets PowerDNS holds for `records`, all of one name (each REPLACE, with its comments given, so
 * comments left by an earlier state go). A name the web forwarder answers for answers A (and AAAA
 * when the forwarder has an IPv6 address) with the forwarder's address instead of its own A/AAAA
 * records, as the builtin server does (servers/dns/web-forward.ts): a name with web forwards (URL,
 * URLFRAME, FORWARD), and the apex and www of a parked zone (`parkedTtl`, the SOA's TTL, as the
 * builtin server gives). The forwards and the hidden A/AAAA/CNAME records ride along as comments on that A
 * RRset ("URL 300 https://example.fi/", "A 300 192.0.2.1", and PARKED), so that they read back
 * (recordsOf) and the next plan finds no difference. Without `web` no forward is declared and none
 * arrives here, and parking is not published.
 */
export function rrsetsAt(name: string, records: PublishedRecord[], web: WebAddress | undefined, parkedTtl?: number): PdnsRRset[] {
  const forwards = records.filter((r) => WEB_FORWARD_TYPES.includes(r.type));
  const forwarded = web !== undefined && (forwards.length > 0 || parkedTtl !== undefined);
  // A CNAME goes too: PowerDNS holds no A beside one (a parked zone's www is often a CNAME).
  const isHidden = (r: PublishedRecord) => r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME';
  const own = records.filter((r) => !WEB_FORWARD_TYPES.includes(r.type) && !(forwarded && isHidden(r)));
  const byType = new Map<string, PublishedRecord[]>();
  for (const r of own) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const out: PdnsRRset[] = [...byType].map(([type, rs]) => ({ ...toRRset(name, type, rs), comments: [] }));
  if (forwarded) {
    const ttl = parkedTtl ?? Math.min(...forwards.map((r) => r.ttl));
    const kept = [...forwards, ...records.filter(isHidden)].map((r) => `${r.type} ${r.ttl} ${r.content}`);
    if (parkedTtl !== undefined) kept.push(PARKED_COMMENT);
    const comments = kept.map((content) => ({ content, account: FORWARD_ACCOUNT }));
    out.push({ name: fqdn(name), type: 'A', ttl, changetype: 'REPLACE', records: [{ content: web.address, disabled: false }], comments });
    if (web.address6) {
      out.push({ name: fqdn(name), type: 'AAAA', ttl, changetype: 'REPLACE', records: [{ content: web.address6, disabled: false }], comments: [] });
    }
  }
  return out;
}

/**
 * The records PowerDNS holds, as we publish them (the inverse of rrsetsAt): an A RRset carrying our
 * comments reads back as the forwards and hidden records they name, and the forwarder's A and AAAA
 * as nothing.
 * Disabled records are not served, so they are not read. The SOA is left out.
 */
export function recordsOf(rrsets: PdnsRRset[]): PublishedRecord[] {
  const forwarded = new Set<string>();
  const out: PublishedRecord[] = [];
  for (const set of rrsets) {
    if (set.type !== 'A') continue;
    for (const c of set.comments ?? []) {
      if (c.account !== FORWARD_ACCOUNT) continue;
      if (c.content === PARKED_COMMENT) forwarded.add(set.name);
      const m = FORWARD_COMMENT.exec(c.content);
      if (!m) continue;
      forwarded.add(set.name);
      out.push({ name: bare(set.name), type: m[1]!, ttl: Number(m[2]), content: m[3]!, priority: null, weight: null, port: null, fallback_ip: null });
    }
  }
  for (const set of rrsets) {
    if (set.type === 'SOA' || ((set.type === 'A' || set.type === 'AAAA') && forwarded.has(set.name))) continue;
    for (const r of set.records ?? []) if (!r.disabled) out.push(fromContent(set.name, set.type, set.ttl ?? 0, r.content));
  }
  return out;
}

/**
 * An RRset change for PowerDNS: REPLACE with the records, or DELETE when there are none. An RRset
 * has one TTL in PowerDNS (as RFC 2181 5.2 asks); records of one RRset given different TTLs get the
 * lowest, which is what a resolver would keep of them anyway. Equal contents are sent once (the API
 * refuses duplicates).
 */
export function toRRset(name: string, type: string, records: PublishedRecord[]): PdnsRRset {
  if (records.length === 0) return { name: fqdn(name), type: toPdnsType(type), changetype: 'DELETE' };
  const contents = [...new Set(records.map(toContent))];
  return {
    name: fqdn(name),
    type: toPdnsType(type),
    ttl: Math.min(...records.map((r) => r.ttl)),
    changetype: 'REPLACE',
    records: contents.map((content) => ({ content, disabled: false })),
  };
}
