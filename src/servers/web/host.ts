import { isIP } from 'node:net';

/** What a request's Host header names: a host name to look up, an address (no site is served at one), or nothing usable. */
export type HostName = { kind: 'name'; name: string } | { kind: 'address' } | { kind: 'invalid' };

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * The host a request is for (RFC 9110 7.2): the Host header without its port, lower case, without the
 * root's trailing dot. A name is a DNS host name in ASCII (browsers send IDNs as punycode) of at most
 * 253 characters; no "*" label, so a wildcard record is reached only through names it stands for.
 */
export function parseHost(header: string | undefined): HostName {
  if (header === undefined || header.length === 0 || header.length > 300) return { kind: 'invalid' };
  const raw = header.trim().toLowerCase();
  if (raw.startsWith('[')) {
    const m = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(raw);
    return m && isIP(m[1]!) === 6 ? { kind: 'address' } : { kind: 'invalid' };
  }
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(raw);
  if (!m) return { kind: 'invalid' };
  const host = m[1]!.endsWith('.') ? m[1]!.slice(0, -1) : m[1]!;
  if (isIP(host) === 4) return { kind: 'address' };
  if (host.length === 0 || host.length > 253) return { kind: 'invalid' };
  return host.split('.').every((label) => LABEL.test(label)) ? { kind: 'name', name: host } : { kind: 'invalid' };
}
