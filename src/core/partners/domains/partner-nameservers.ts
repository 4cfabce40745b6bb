import type { FieldErrorCollector } from '../../errors.js';
import { isHostName } from '../../domains/domain-name.js';
import { normalizeHost } from '../../dns/nameservers.js';

export const NS_FIELDS = ['ns1', 'ns2', 'ns3', 'ns4'] as const;
export type NameserverFields = Partial<Record<(typeof NS_FIELDS)[number], string | null>>;

/**
 * The partner API's ns1-ns4 as a list (normalized: lower case, no trailing dot), with messages under
 * each field: 5-100 characters, a host name, no repeats. ns1 and ns2 are required when `required`
 * (change-nameservers), and whenever any nameserver is given (register): a name needs at least two.
 * Absent, null and '' all mean "not given".
 */
export function checkPartnerNameservers(input: NameserverFields, errors: FieldErrorCollector, required: boolean): string[] {
  const given = NS_FIELDS.map((field) => [field, typeof input[field] === 'string' ? input[field].trim() : ''] as const);
  const any = given.some(([, value]) => value !== '');
  const hosts: string[] = [];
  for (const [field, value] of given) {
    if (value === '') {
      if ((required || any) && (field === 'ns1' || field === 'ns2')) {
        errors.add(field, `The ${field} is required: a domain needs at least two nameservers`);
      }
      continue;
    }
    if (value.length < 5) errors.add(field, `The ${field} must be at least 5 characters`);
    else if (value.length > 100) errors.add(field, `The ${field} may not be greater than 100 characters`);
    else if (!isHostName(value)) errors.add(field, `The ${field} must be a valid host name`);
    else if (hosts.includes(normalizeHost(value))) errors.add(field, `The ${field} must differ from the other nameservers`);
    else hosts.push(normalizeHost(value));
  }
  return hosts;
}

/**
 * The field (ns1-ns4) each host of a list checkPartnerNameservers returned came from, in order: the
 * given fields, blanks skipped (the list is only used once every given field passed).
 */
export function partnerNameserverFields(input: NameserverFields): string[] {
  return NS_FIELDS.filter((field) => typeof input[field] === 'string' && input[field].trim() !== '');
}
