import type { FieldErrorCollector } from '../errors.js';
import { parseDomainName, type DomainName } from './domain-name.js';

/** The `domain` field of an order: required, and a registrable name (see parseDomainName). */
export function checkDomainName(value: unknown, errors: FieldErrorCollector, field = 'domain'): DomainName | undefined {
  const given = typeof value === 'string' ? value.trim() : '';
  if (given === '') {
    errors.add(field, `The ${field} is required`);
    return undefined;
  }
  const name = parseDomainName(given);
  if (!name) errors.add(field, `The ${field} must be a valid domain name`);
  return name;
}
