import { FieldErrorCollector } from '../errors.js';

/** The document's limit for tenant_name. */
export const TENANT_NAME_MAX_LENGTH = 100;
/**
 * What Microsoft can register: "<name>.onmicrosoft.com" is a DNS name, so the name is one label of
 * at most 63 characters (RFC 1035). Names of 64-100 characters pass the document's rule but can
 * never be a tenant.
 */
export const TENANT_LABEL_MAX_LENGTH = 63;

/**
 * A tenant name as given (without .onmicrosoft.com), checked against the document's rule (1-100
 * characters, entirely alpha-numeric: ASCII letters and digits, as a DNS name needs) and lower-cased:
 * Microsoft's tenant names are case-insensitive. Errors: invalid (tenant_name).
 */
export function normaliseTenantName(name: string): string {
  const errors = new FieldErrorCollector();
  if (name.length < 1) errors.add('tenant_name', 'The tenant name is required');
  else if (name.length > TENANT_NAME_MAX_LENGTH) {
    errors.add('tenant_name', `The tenant name may not be greater than ${TENANT_NAME_MAX_LENGTH} characters`);
  } else if (!/^[A-Za-z0-9]+$/.test(name)) errors.add('tenant_name', 'The tenant name must only contain letters and numbers');
  errors.throwIfAny();
  return name.toLowerCase();
}

export const tenantDomain = (name: string): string => `${name.toLowerCase()}.onmicrosoft.com`;
