import type { Domain } from '../../ports/store.js';
import type { FieldErrorCollector } from '../errors.js';
import { isHostName } from './domain-name.js';
import { normalizeHost } from '../dns/nameservers.js';

/** Registries take 2-13 nameservers per name (RFC 1034 4.1 asks for two; 13 fit one UDP referral). */
export const MIN_NAMESERVERS = 2;
export const MAX_NAMESERVERS = 13;

/**
 * Checks the host names of a nameserver list and returns them normalized (lower case, no trailing
 * dot), adding messages to `errors` under `field.N` (a bad host name) and `field` (duplicates). The
 * count is the caller's: a list that replaces the delegation must hold 2-13 names itself, one that is
 * added to it or removed from it is counted by the list it leaves (checkCount).
 */
export function checkHosts(list: unknown[], errors: FieldErrorCollector, field: string): string[] {
  const hosts: string[] = [];
  list.forEach((value, i) => {
    if (typeof value !== 'string' || !isHostName(value.trim())) {
      errors.add(`${field}.${i}`, `The ${field}.${i} must be a valid host name`);
    } else {
      hosts.push(normalizeHost(value));
    }
  });
  if (new Set(hosts).size !== hosts.length) errors.add(field, `The ${field} must not contain duplicates`);
  return hosts;
}

/**
 * A whole nameserver list (a purchase's, a PUT's): host names as checkHosts, 2-13 of them.
 * `allowEmpty`: a purchase may leave the list out and get our nameservers.
 */
export function checkNameservers(list: unknown[], errors: FieldErrorCollector, field: string, allowEmpty = false): string[] {
  const hosts = checkHosts(list, errors, field);
  checkCount(list, errors, field, allowEmpty);
  return hosts;
}

/** Adds a count message when `list` is outside 2-13 items (0 passes when `allowEmpty`). */
export function checkCount(list: unknown[], errors: FieldErrorCollector, field: string, allowEmpty = false): void {
  if (list.length === 0 && allowEmpty) return;
  if (list.length < MIN_NAMESERVERS) errors.add(field, `The ${field} must have at least ${MIN_NAMESERVERS} items`);
  if (list.length > MAX_NAMESERVERS) errors.add(field, `The ${field} may not have more than ${MAX_NAMESERVERS} items`);
}

/** A domain's nameservers, stored as a JSON array of host names. */
export const domainNameservers = (domain: Pick<Domain, 'nameservers'>): string[] => decodeNameservers(domain.nameservers);

/** A stored JSON array of host names (domains and orders keep nameservers so); [] for anything else. */
export function decodeNameservers(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
