/**
 * Reads the fields the client API shows out of a WHOIS answer. WHOIS text has no standard format
 * (RFC 3912 section 1 leaves it to each server), so this knows the common spellings: the ICANN RDDS
 * style of gTLD registries and registrars ("Creation Date:", "Registry Expiry Date:", "Name Server:"),
 * the RIPE-like style of many ccTLDs ("created:", "changed:", "nserver:"), dot-leader keys
 * ("created.............: 1.1.1991 00:00:00", .fi), and values on indented lines under their key
 * ("Name servers:\n    ns1.example.uk", .uk). A field that is not found, or a date that cannot be
 * read, is null.
 */
export interface ParsedWhois {
  /** The answer says the name is not registered. */
  notFound: boolean;
  /** ISO 8601 UTC timestamps ("2024-01-31T12:00:00Z"). */
  created: string | null;
  expires: string | null;
  updated: string | null;
  registrar: string | null;
  /** The registrant's organization, else its name. */
  owner: string | null;
  /** Lower case, without a trailing dot, in the order given. */
  nameServers: string[];
  /** "unsigned" or "signed" when the answer says which in a known word, else its own words. */
  dnssec: string | null;
}

interface Entry {
  key: string;
  value: string;
  /** The last section heading above the entry ("holder", "registrant"), lower case; '' if none. */
  section: string;
}

const KEYS = {
  created: [
    'creation date', 'created', 'created on', 'created date', 'registered on', 'registered', 'registration date',
    'registration time', 'domain registration date', 'domain create date', 'record created', 'domain record activated',
  ],
  expires: [
    'registry expiry date', 'registrar registration expiration date', 'expiry date', 'expiration date', 'expires',
    'expires on', 'expire', 'expire date', 'expiration time', 'paid-till', 'domain expiration date', 'renewal date',
    'record expires on',
  ],
  updated: [
    'updated date', 'last updated', 'last updated on', 'last modified', 'last update', 'changed', 'modified', 'updated',
    'domain last updated date', 'record last updated on',
  ],
  registrar: ['registrar', 'registrar name', 'sponsoring registrar', 'registrar organization'],
  organization: ['registrant organization', 'registrant organisation', 'registrant org', 'org', 'organization', 'organisation'],
  name: ['registrant name', 'registrant', 'owner', 'holder', 'name'],
  nameServers: ['name server', 'name servers', 'nameserver', 'nameservers', 'nserver', 'ns'],
  dnssec: ['dnssec', 'dnssec status', 'signing key'],
};
/** Sections whose "name"/"org" keys describe the registrant (.fi "Holder", RIPE-like "Registrant:"). */
const REGISTRANT_SECTIONS = new Set(['holder', 'registrant', 'owner', 'domain holder', 'registrant contact']);
/** Keys too generic to trust outside a registrant section. */
const SECTION_ONLY = new Set(['org', 'organization', 'organisation', 'name']);

const NOT_FOUND = [
  /^\s*no match\b/im,
  /^\s*not found\b/im,
  /no entries found/i,
  /^\s*(?:domain|object) not found\b/im,
  /^\s*no data found\b/im,
  /^\s*no object found\b/im,
  /the queried object does not exist/i,
  /^\s*status:\s*(?:free|available)\s*$/im,
  /^\s*%+\s*no such domain\b/im,
];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Key, dot leaders or spaces, colon, value. Keys start with a letter and hold no punctuation but -_/(). */
const LINE = /^([ \t]*)([A-Za-z][A-Za-z0-9 _\-/()]{0,60}?)[ \t.]*:[ \t]*(.*?)\s*$/;

const normalKey = (raw: string) => raw.trim().toLowerCase().replace(/\s+/g, ' ');

function entries(text: string): Entry[] {
  const out: Entry[] = [];
  const lines = text.split(/\r?\n/);
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(?:%|#|>>>)/.test(line) || line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m) {
      // A short unindented line of words alone is a section heading ("Holder", "Nameservers", "Tech").
      if (/^[A-Za-z][A-Za-z ]{0,30}$/.test(line.trimEnd())) section = normalKey(line);
      continue;
    }
    const [, indent, rawKey, value] = m as unknown as [string, string, string, string];
    const key = normalKey(rawKey);
    if (value !== '') {
      out.push({ key, value, section });
      continue;
    }
    // "Registrant:" heads a section: its values, or nested "key: value" lines, follow on more deeply
    // indented lines (.uk, .eu), or its "key: value" lines follow unindented up to the next heading.
    section = key;
    while (i + 1 < lines.length) {
      const next = lines[i + 1]!;
      if (next.trim() === '' || /^[ \t]*/.exec(next)![0].length <= indent.length) break;
      i++;
      const nested = LINE.exec(next);
      if (nested && nested[3] !== '') out.push({ key: normalKey(nested[2]!), value: nested[3]!, section: key });
      else out.push({ key, value: next.trim(), section: key });
    }
  }
  return out;
}

/** Values of the first key in `keys` (priority order) that has any. */
function firstValues(list: Entry[], keys: string[], accept: (e: Entry) => boolean = () => true): Entry[] {
  for (const key of keys) {
    const hits = list.filter((e) => e.key === key && e.value !== '' && accept(e));
    if (hits.length > 0) return hits;
  }
  return [];
}

const pad = (n: number) => String(n).padStart(2, '0');

function iso(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, offsetMinutes = 0): string | null {
  if (y < 1900 || y > 9998 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null; // 31 June
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function offset(zone: string | undefined): number {
  if (!zone || /^(?:z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * A WHOIS date in the forms registries use: "1997-09-15T04:00:00Z", "2028-09-13T07:00:00+0000",
 * "2023-04-18 09:47:56", "2001/01/01", "1.1.1991 00:00:00" (.fi), "30-Jun-1999" (.uk). A time
 * without a zone is taken as UTC. Returns ISO 8601 UTC or null.
 */
export function parseWhoisDate(value: string): string | null {
  const v = value.trim();
  const time = String.raw`(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?`;
  let m = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${time}`, 'i').exec(v);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), offset(m[7]));
  m = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${time}`, 'i').exec(v);
  if (m) return iso(+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), offset(m[7]));
  m = new RegExp(String.raw`^(\d{1,2})[-\s]([A-Za-z]{3})[A-Za-z]*[-\s](\d{4})${time}`, 'i').exec(v);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    if (month === 0) return null;
    return iso(+m[3]!, month, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), offset(m[7]));
  }
  return null;
}

function firstDate(list: Entry[], keys: string[]): string | null {
  for (const e of firstValues(list, keys)) {
    const d = parseWhoisDate(e.value);
    if (d) return d;
  }
  return null;
}

function dnssecWord(value: string): string {
  const v = value.trim().toLowerCase();
  if (['unsigned', 'no', 'inactive', 'false', 'unsigned delegation'].includes(v)) return 'unsigned';
  if (['signed', 'signeddelegation', 'yes', 'active', 'true', 'signed delegation'].includes(v)) return 'signed';
  return value.trim();
}

export function parseWhois(text: string): ParsedWhois {
  const list = entries(text);
  const registrantSection = (e: Entry) => !SECTION_ONLY.has(e.key) || REGISTRANT_SECTIONS.has(e.section);
  const created = firstDate(list, KEYS.created);
  const owner =
    firstValues(list, KEYS.organization, registrantSection)[0]?.value ??
    firstValues(list, KEYS.name, registrantSection)[0]?.value ??
    null;
  const nameServers: string[] = [];
  for (const e of firstValues(list, KEYS.nameServers)) {
    // "ns1.example.fi [OK]", "a.ns.se 192.0.2.1": the host is the first word.
    const host = e.value.split(/\s+/)[0]!.toLowerCase().replace(/\.$/, '');
    if (host.includes('.') && !nameServers.includes(host)) nameServers.push(host);
  }
  const dnssec = firstValues(list, KEYS.dnssec)[0]?.value;
  return {
    // An answer with a registration date describes a registration, whatever its legal notice says.
    notFound: created === null && NOT_FOUND.some((re) => re.test(text)),
    created,
    expires: firstDate(list, KEYS.expires),
    updated: firstDate(list, KEYS.updated),
    registrar: firstValues(list, KEYS.registrar)[0]?.value ?? null,
    owner,
    nameServers,
    dnssec: dnssec === undefined ? null : dnssecWord(dnssec),
  };
}
