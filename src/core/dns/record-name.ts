import { domainToASCII } from 'node:url';

/**
 * Record owner names. The store keeps them fully qualified, lower case, without the root's trailing
 * dot ("www.test.com"; the apex is the zone's own name), the way DNS servers compare them. People
 * write them relative to the zone ("www", "@") or in full; these helpers translate both ways.
 */

/**
 * A label of an owner name: LDH (RFC 1035 2.3.1) plus "_" for service labels ("_sip", "_dmarc",
 * "_acme-challenge"; RFC 8552), which owner names may carry though host names may not.
 */
const OWNER_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Whether `name` (absolute, no trailing dot) is a valid owner name; "*" only as the whole leftmost label (RFC 4592). */
export function isOwnerName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every((label, i) => (i === 0 && label === '*') || OWNER_LABEL.test(label));
}

/** Punycode for labels typed in Unicode ("kööki" -> "xn--kki-sna"); other labels are only lower-cased. */
function asciiLabels(name: string): string {
  return name
    .split('.')
    .map((label) => (/[^\x00-\x7f]/.test(label) ? domainToASCII(label).toLowerCase() || label : label.toLowerCase()))
    .join('.');
}

/**
 * The stored owner name of `host` in zone `zone`, or undefined when it is not a valid name inside the
 * zone. "@" and the zone's own name are the apex; a single label is relative ("www"); a name with dots
 * must end in the zone's name ("www.test.com", with or without the trailing dot). A dotted name that
 * does not is refused rather than read as relative: "www.test.co" is far more likely a typo than a
 * wish for "www.test.co.test.com". Except when its last label is a service label ("sel1._domainkey",
 * "_sip._tcp", as DKIM and SRV instructions give them): no TLD begins with "_" (RFC 8552), so such a
 * name cannot be a typo of one outside the zone and is read as relative.
 */
export function hostToName(zone: string, host: string): string | undefined {
  const raw = host.trim();
  if (raw === '@') return zone;
  if (raw === '' || raw === '.') return undefined;
  const absolute = raw.endsWith('.');
  const name = asciiLabels(absolute ? raw.slice(0, -1) : raw);
  let full: string;
  if (name === zone || name.endsWith(`.${zone}`)) full = name;
  else if (!absolute && (!name.includes('.') || name.slice(name.lastIndexOf('.') + 1).startsWith('_'))) full = `${name}.${zone}`;
  else return undefined;
  return isOwnerName(full) ? full : undefined;
}

/** How the client API shows a stored name: "@" for the apex, the full name otherwise. */
export const nameToHost = (zone: string, name: string): string => (name === zone ? '@' : name);
