import type { Contact } from '../../../ports/store.js';
import type { FieldErrorCollector } from '../../errors.js';
import { isCountryCode, isEmail } from '../../validation.js';
import { toEppPhone } from '../../phone.js';

/**
 * The partner API's client fields and the rules the document gives for them, shared by add and
 * update and by the wire schema (which takes its limits from here).
 */

export const CLIENT_TYPES = ['Managed Client', 'Self Servicing Client'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/** The document's limits, in characters. */
export const CLIENT_LIMITS = {
  firstname: [1, 100],
  lastname: [1, 100],
  company: [1, 100],
  password: [6, 100],
  postcode: [1, 100],
  address1: [1, 100],
  address2: [1, 100],
  city: [1, 100],
  email: [5, 100],
  phone: [5, 25],
  vat_number: [3, 100],
} as const;
export type LimitedField = keyof typeof CLIENT_LIMITS;

/** What a request may carry. postcode and phone may arrive as JSON numbers: the document's example sends them so. */
export interface ClientFieldsInput {
  firstname?: string;
  lastname?: string;
  company?: string | null;
  postcode?: string | number;
  address1?: string;
  address2?: string | null;
  city?: string;
  country?: string;
  email?: string;
  phone?: string | number;
  vat_number?: string | null;
  /** Not in the document (see IDENTITY_FIELDS): absent keeps what the client has, null or '' clears it. */
  identity_number?: string | null;
  business_id?: string | null;
}

/** The checked fields: trimmed text, postcode and phone as text, absent optional fields as ''. */
export interface ClientFields {
  firstname: string;
  lastname: string;
  company: string;
  postcode: string;
  address1: string;
  address2: string;
  city: string;
  country: string;
  email: string;
  /** In EPP's +CC.NUMBER form (toEppPhone), whatever form it was given in. */
  phone: string;
  vat_number: string;
  /** Not in the document; undefined when the request left them out (an update then keeps them). */
  identity_number?: string;
  business_id?: string;
}

/**
 * Additions to the document's client: registries such as Traficom (.fi) register a name only to an
 * identified holder, a person by their personal identity code, an organisation by its business id
 * (Y-tunnus), and the document has no field for either. Both are optional: only TLDs whose registry
 * requires one (tlds.registrant_identity_required) refuse an order without. Kept in the primary
 * contact's identity_number and business_id columns, where the client API's registrant keeps them.
 */
export const IDENTITY_FIELDS = ['identity_number', 'business_id'] as const;
export const IDENTITY_MAX_LENGTH = 64;
/** Letters and digits with the separators identity codes use: "131052-308T", "010101A123B", "1234567-8", "BE 0123.456.789". */
const IDENTITY = /^[\p{L}\p{N}][\p{L}\p{N} .\/+-]*$/u;

const REQUIRED = ['firstname', 'lastname', 'postcode', 'address1', 'city', 'country', 'email', 'phone'] as const;
const OPTIONAL = ['company', 'address2', 'vat_number'] as const;

/** A number as it was written (1234 -> "1234"); text trimmed; anything else absent. */
function text(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return typeof value === 'string' ? value.trim() : undefined;
}

const length = (s: string): number => [...s].length;

function checkLength(field: LimitedField, value: string, errors: FieldErrorCollector): boolean {
  const [min, max] = CLIENT_LIMITS[field];
  const n = length(value);
  if (n < min) errors.add(field, `The ${field} must be at least ${min} characters`);
  else if (n > max) errors.add(field, `The ${field} may not be greater than ${max} characters`);
  return n >= min && n <= max;
}

const ALPHANUMERIC = /^[\p{L}\p{N}]+$/u;

export const PHONE_MESSAGE =
  'The phone must be a phone number: international (+358 40 123 4567) or national for the client\'s country (040 123 4567), '
  + 'which registries are sent as +CC.NUMBER (+358.401234567)';

/**
 * Checks the documented client fields: firstname, lastname, postcode, address1, city, country, email
 * and phone are required; company, address2 and vat_number optional ('' or null: none). Lengths as
 * CLIENT_LIMITS; postcode and vat_number entirely alphanumeric; country an ISO 3166-1 alpha-2 code in
 * upper case; email an address. The document gives phone only a length; it must also be a phone
 * number that can be written in EPP's +CC.NUMBER form (toEppPhone: international, or national for the
 * client's country), which registries require of a contact, and it is kept in that form.
 * identity_number and business_id (IDENTITY_FIELDS, not in the document): optional, up to 64
 * characters, letters and digits with the separators identity codes use.
 */
export function checkClientFields(input: ClientFieldsInput, errors: FieldErrorCollector): ClientFields {
  const out = {} as ClientFields;
  for (const field of REQUIRED) {
    const value = text(input[field]);
    out[field] = value ?? '';
    if (value === undefined || value === '') {
      errors.add(field, `The ${field} is required`);
      continue;
    }
    if (field === 'country') continue;
    if (!checkLength(field, value, errors)) continue;
    if (field === 'postcode' && !ALPHANUMERIC.test(value)) errors.add(field, 'The postcode must only contain letters and numbers');
    if (field === 'email' && !isEmail(value)) errors.add(field, 'The email must be a valid email address');
    if (field === 'phone') {
      // Kept in the form a registry takes, so the registrant a registry is sent is the one stored.
      // A national number without a valid country is the country's error alone.
      const country = text(input.country) ?? '';
      const epp = toEppPhone(value, country);
      if (epp !== undefined) out.phone = epp;
      else if (isCountryCode(country) || /^(\+|00)/.test(value)) errors.add(field, PHONE_MESSAGE);
    }
  }
  if (out.country !== '' && !isCountryCode(out.country)) {
    errors.add('country', 'The country must be a two-letter ISO 3166-1 country code in upper case (e.g. BE)');
  }
  for (const field of OPTIONAL) {
    const value = text(input[field]) ?? '';
    out[field] = value;
    if (value === '' || !checkLength(field, value, errors)) continue;
    if (field === 'vat_number' && !ALPHANUMERIC.test(value)) errors.add(field, 'The vat_number must only contain letters and numbers');
  }
  for (const field of IDENTITY_FIELDS) {
    if (input[field] === undefined) continue;
    const value = text(input[field]) ?? '';
    out[field] = value;
    if (value === '') continue;
    if ([...value].length > IDENTITY_MAX_LENGTH) errors.add(field, `The ${field} may not be greater than ${IDENTITY_MAX_LENGTH} characters`);
    else if (!IDENTITY.test(value)) errors.add(field, `The ${field} must only contain letters, numbers, spaces and . / + -`);
  }
  return out;
}

/**
 * The document's password rule (Microsoft's complexity rule): 6-100 characters from at least three
 * of five classes: A-Z, a-z, 0-9, non-alphanumeric, and other Unicode letters (ä, ß, 文...).
 */
export function checkPassword(value: unknown, errors: FieldErrorCollector): string {
  if (typeof value !== 'string' || value === '') {
    errors.add('password', 'The password is required');
    return '';
  }
  if (!checkLength('password', value, errors)) return value;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^\p{L}\p{N}]/u, /(?![A-Za-z])\p{L}/u].filter((re) => re.test(value)).length;
  if (classes < 3) {
    errors.add(
      'password',
      'The password must contain characters from at least three of: uppercase letters, lowercase letters, digits, non-alphanumeric characters, other Unicode letters',
    );
  }
  return value;
}

export function checkClientType(value: unknown, errors: FieldErrorCollector): ClientType {
  if (typeof value !== 'string' || value === '') errors.add('client_type', 'The client_type is required');
  else if (!(CLIENT_TYPES as readonly string[]).includes(value)) {
    errors.add('client_type', `The selected client_type is invalid (allowed: ${CLIENT_TYPES.join(', ')})`);
  }
  return value as ClientType;
}

/** The primary contact's columns for the client fields (address1 is the contact's address, postcode its zip_code). */
export function contactColumns(f: ClientFields) {
  return {
    first_name: f.firstname,
    last_name: f.lastname,
    company_name: f.company,
    address: f.address1,
    address2: f.address2,
    zip_code: f.postcode,
    city: f.city,
    country: f.country,
    phone: f.phone,
    email: f.email,
    vat_number: f.vat_number,
    ...(f.identity_number === undefined ? {} : { identity_number: f.identity_number }),
    ...(f.business_id === undefined ? {} : { business_id: f.business_id }),
  } satisfies Partial<Contact>;
}
