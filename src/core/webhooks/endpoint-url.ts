import { isIP } from 'node:net';
import { isPublicAddress } from '../dns/address-scope.js';

export const MAX_URL_LENGTH = 2000;

/** The host of a URL as an address or name: IPv6 without its brackets, no trailing dot. */
export const urlHost = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();

/**
 * What is wrong with `raw` as an endpoint's URL, or undefined when nothing is: an absolute https URL
 * (http too when private addresses are allowed: a test's or a private network's receiver), without
 * user name or password (a secret in a URL ends up in logs; the signature authenticates us instead).
 * A host that is an address outside the public internet (address-scope.ts: loopback, private, CGNAT,
 * link-local, unique local, documentation and other special-purpose blocks), or a `localhost` name, is
 * refused here already unless allowPrivate; a name is resolved and checked again at every delivery
 * (jobs/webhook-http.ts), since what it resolves to can change.
 */
export function endpointUrlProblem(raw: string, allowPrivate: boolean): string | undefined {
  if (raw.length > MAX_URL_LENGTH) return `The url may have at most ${MAX_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The url must be an absolute URL (https://...).';
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'The url must start with https://.';
  if (url.username !== '' || url.password !== '') return 'The url may not contain a user name or password.';
  const host = urlHost(url);
  if (host === '') return 'The url must name a host.';
  if (!allowPrivate) {
    if (isIP(host) !== 0 && !isPublicAddress(host)) return 'The url may not point to a loopback, private, link-local or other special-purpose address.';
    if (host === 'localhost' || host.endsWith('.localhost')) return 'The url may not point to localhost.';
  }
  return undefined;
}
