import { domainToASCII, domainToUnicode } from 'node:url';

export interface DomainName {
  /** ASCII (punycode) form, lower case: "xn--mkilinen-52a.fi". */
  fqdn: string;
  /** Unicode form for people: "mäkiläinen.fi". */
  fqdnUnicode: string;
  sld: string;
  tld: string;
}

/**
 * Parses a registrable domain name (one label under a TLD: "example.fi", "mäkiläinen.fi"), as typed
 * by a customer. IDNs are converted with the WHATWG URL rules (UTS #46) to punycode. Returns undefined
 * for anything that is not a valid name of that shape: empty labels, labels over 63 octets or starting
 * or ending with a hyphen, a name over 253 octets, characters outside LDH after conversion, or a
 * third-level name ("www.example.fi").
 */
export function parseDomainName(input: string): DomainName | undefined {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '' || trimmed.length > 253 || /[\s/:@?#\\]/.test(trimmed)) return undefined;
  const plain = PLAIN_NAME.test(trimmed);
  const fqdn = plain ? trimmed : domainToASCII(trimmed).toLowerCase();
  if (fqdn === '' || fqdn.length > 253) return undefined;
  const labels = fqdn.split('.');
  if (labels.length !== 2) return undefined;
  if (!labels.every(isValidLabel)) return undefined;
  const [sld, tld] = labels as [string, string];
  if (!/^[a-z]{2,63}$|^xn--[a-z0-9-]+$/.test(tld)) return undefined;
  // "ab--" in positions 3-4 is reserved for encodings (RFC 5891 4.2.3.1); only xn-- is a real one.
  if (/^..--/.test(sld) && !sld.startsWith('xn--')) return undefined;
  return { fqdn, fqdnUnicode: plain ? fqdn : domainToUnicode(fqdn), sld, tld };
}

/**
 * Two labels of lower-case letters, digits and hyphens, neither an A-label (xn--): the names almost
 * every request carries, for which both UTS #46 conversions give the name back unchanged. They cost
 * 2-3 % of a domain GET's CPU (`npm run bench:profile`), so such a name skips them; the checks after
 * the conversion still apply to it.
 */
const PLAIN_NAME = /^(?!xn--)[a-z0-9-]+\.(?!xn--)[a-z0-9-]+$/;

/** A bare second-level label ("test", "mäkiläinen") as the multi-TLD availability check takes it. */
export function parseLabel(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed === '' || trimmed.includes('.') || /[\s/:@?#\\]/.test(trimmed)) return undefined;
  const ascii = domainToASCII(`${trimmed}.invalid`).toLowerCase();
  const label = ascii.slice(0, -'.invalid'.length);
  return label && isValidLabel(label) ? label : undefined;
}

/** LDH rule (RFC 1035 2.3.1, RFC 1123 2.1): letters, digits, hyphens; 1-63 octets; no edge hyphen. */
export function isValidLabel(label: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label);
}

/** A host name (nameserver, CNAME target): LDH labels, at least two, 253 octets at most. */
export function isHostName(input: string): boolean {
  const host = input.replace(/\.$/, '').toLowerCase();
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.split('.');
  return labels.length >= 2 && labels.every(isValidLabel);
}
