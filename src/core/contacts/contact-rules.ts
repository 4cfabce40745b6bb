import type { Contact } from '../../ports/store.js';
import type { FieldErrorCollector } from '../errors.js';
import { BILLING_METHODS, isCountryCode, isEmail, isEppPhone } from '../validation.js';

/**
 * The rules a contact must satisfy, shared by create and update (which checks the merged result) and
 * by the wire schemas (which take their limits from here).
 */

/** The fields a customer writes; `name` on the wire is first_name and last_name joined. */
export const CONTACT_FIELDS = [
  'first_name', 'last_name', 'company_name', 'business_id', 'address', 'zip_code', 'city', 'country', 'phone',
  'email', 'alt_email', 'billing_email', 'billing_method', 'e_invoice_address', 'e_invoice_intermediator',
  'contact_type', 'identity_number',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactFields = Record<ContactField, string>;

export const REQUIRED_CONTACT_FIELDS: readonly ContactField[] = [
  'first_name', 'last_name', 'address', 'zip_code', 'city', 'country', 'phone', 'email',
];

/**
 * The document never says how a contact gets its type. A customer names it (general or billing);
 * without one a contact is general, like the primary contact every account starts with.
 */
export const CONTACT_TYPES = ['general', 'billing'] as const;

export const CONTACT_MAX_LENGTH = 255;
/** Longest postal code in use is 10 characters (e.g. US ZIP+4, "12345-6789"); 16 leaves room for spaces. */
export const ZIP_CODE_MAX_LENGTH = 16;
export const maxLengthOf = (field: ContactField): number =>
  field === 'zip_code' ? ZIP_CODE_MAX_LENGTH : CONTACT_MAX_LENGTH;

export const CONTACT_DEFAULTS: ContactFields = {
  first_name: '', last_name: '', company_name: '', business_id: '', address: '', zip_code: '', city: '',
  country: '', phone: '', email: '', alt_email: '', billing_email: '', billing_method: 'email',
  e_invoice_address: '', e_invoice_intermediator: '', contact_type: 'general', identity_number: '',
};

/** Surrounding white space is never meant; trims every given field. */
export function normalizeContactInput(input: Partial<Record<ContactField, string>>): Partial<ContactFields> {
  const out: Partial<ContactFields> = {};
  for (const field of CONTACT_FIELDS) {
    const v = input[field];
    if (typeof v === 'string') out[field] = v.trim();
  }
  return out;
}

export const contactFieldsOf = (c: Contact): ContactFields =>
  Object.fromEntries(CONTACT_FIELDS.map((f) => [f, c[f]])) as ContactFields;

/**
 * Checks a complete contact: required fields present, lengths, e-mail addresses, ISO 3166-1 alpha-2
 * country (upper case), EPP phone (+CCC.NNNN), billing method and contact type from their lists, and
 * for e-invoicing both the e-invoice address and the intermediator. Adds every problem to `errors`.
 */
export function checkContact(c: ContactFields, errors: FieldErrorCollector): void {
  for (const field of CONTACT_FIELDS) {
    const value = c[field];
    if (REQUIRED_CONTACT_FIELDS.includes(field) && value === '') errors.add(field, `The ${field} is required`);
    const max = maxLengthOf(field);
    if (value.length > max) errors.add(field, `The ${field} may not be greater than ${max} characters`);
  }
  for (const field of ['email', 'alt_email', 'billing_email'] as const) {
    if (c[field] !== '' && c[field].length <= CONTACT_MAX_LENGTH && !isEmail(c[field])) {
      errors.add(field, `The ${field} must be a valid email address`);
    }
  }
  if (c.country !== '' && !isCountryCode(c.country)) {
    errors.add('country', 'The country must be a two-letter ISO 3166-1 country code in upper case (e.g. FI)');
  }
  if (c.phone !== '' && !isEppPhone(c.phone)) {
    errors.add('phone', 'The phone must be in the form +CCC.NNNNNNNN (e.g. +358.401234567)');
  }
  if (!(BILLING_METHODS as readonly string[]).includes(c.billing_method)) {
    errors.add('billing_method', `The selected billing_method is invalid (allowed: ${BILLING_METHODS.join(', ')})`);
  }
  if (!(CONTACT_TYPES as readonly string[]).includes(c.contact_type)) {
    errors.add('contact_type', `The selected contact_type is invalid (allowed: ${CONTACT_TYPES.join(', ')})`);
  }
  if (c.billing_method === 'e-invoice') {
    for (const field of ['e_invoice_address', 'e_invoice_intermediator'] as const) {
      if (c[field] === '') errors.add(field, `The ${field} is required when billing_method is e-invoice`);
    }
  }
}
