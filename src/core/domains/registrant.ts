import type { Contact, New, Store } from '../../ports/store.js';
import type { RegistrantSnapshot } from '../../ports/registry.js';
import type { FieldErrorCollector } from '../errors.js';
import { isCountryCode, isEmail, isEppPhone } from '../validation.js';
import { CONTACT_MAX_LENGTH, ZIP_CODE_MAX_LENGTH } from '../contacts/contact-rules.js';
import { toEppPhone } from '../phone.js';

/** The registrant of a purchase, as the client API's `registrantContact` names the fields. */
export interface RegistrantInput {
  firstName: string;
  lastName: string;
  identityNumber: string;
  address: string;
  zipCode: string;
  city: string;
  country: string;
  phone: string;
  email: string;
}

const REQUIRED: Array<keyof RegistrantInput> = [
  'firstName', 'lastName', 'identityNumber', 'address', 'zipCode', 'city', 'country', 'phone', 'email',
];

/**
 * Checks a registrant and returns it trimmed, adding one message per bad field to `errors` under
 * `<prefix>.<field>`. Every field is required: a registry holds a registrant's full identity and
 * address (Traficom requires the identity number for .fi). Formats and lengths as for contacts
 * (contact-rules.ts): country ISO 3166-1 alpha-2 in upper case, phone in the EPP form +CCC.NNNN,
 * email an address.
 */
export function checkRegistrant(input: Partial<RegistrantInput> | undefined, errors: FieldErrorCollector, prefix = 'registrantContact'): RegistrantInput {
  const out = {} as RegistrantInput;
  for (const field of REQUIRED) {
    const raw = input?.[field];
    const value = typeof raw === 'string' ? raw.trim() : '';
    out[field] = value;
    const max = field === 'zipCode' ? ZIP_CODE_MAX_LENGTH : CONTACT_MAX_LENGTH;
    if (value === '') errors.add(`${prefix}.${field}`, `The ${field} is required`);
    else if (value.length > max) errors.add(`${prefix}.${field}`, `The ${field} may not be greater than ${max} characters`);
  }
  if (out.country && !isCountryCode(out.country)) {
    errors.add(`${prefix}.country`, 'The country must be a two-letter ISO 3166-1 country code in upper case (e.g. FI)');
  }
  if (out.phone && !isEppPhone(out.phone)) {
    errors.add(`${prefix}.phone`, 'The phone must be in the form +CCC.NNNNNNNN (e.g. +358.401234567)');
  }
  if (out.email && !isEmail(out.email)) errors.add(`${prefix}.email`, 'The email must be a valid email address');
  return out;
}

/** The contact columns a registrant fills. */
function registrantColumns(r: RegistrantInput) {
  return {
    first_name: r.firstName,
    last_name: r.lastName,
    identity_number: r.identityNumber,
    address: r.address,
    zip_code: r.zipCode,
    city: r.city,
    country: r.country,
    phone: r.phone,
    email: r.email,
  };
}

/**
 * The user's contact for this registrant: an existing contact with exactly these details, or a new
 * `general` contact. Reusing keeps a customer who buys ten names from getting ten copies of himself.
 */
export async function findOrCreateRegistrantContact(tx: Store, userId: number, r: RegistrantInput, at: string): Promise<Contact> {
  const wanted = registrantColumns(r);
  const same = (c: Contact) => (Object.keys(wanted) as Array<keyof typeof wanted>).every((k) => c[k] === wanted[k]);
  const limit = 500;
  for (let offset = 0; ; offset += limit) {
    const page = await tx.contacts.listByUser(userId, { limit, offset });
    const found = page.items.find(same);
    if (found) return found;
    if (offset + limit >= page.total) break;
  }
  const contact: New<Contact> = {
    user_id: userId,
    contact_type: 'general',
    ...wanted,
    company_name: '',
    business_id: '',
    alt_email: '',
    billing_email: '',
    billing_method: 'email',
    e_invoice_address: '',
    e_invoice_intermediator: '',
    address2: '',
    vat_number: '',
    created_at: at,
    updated_at: at,
  };
  return tx.contacts.create(contact);
}

/**
 * The number that identifies a registrant to a registry that requires one (.fi): an organisation's
 * business id, a person's identity number; '' when the contact has neither. A contact with a company
 * name registers as that company when it has its business id.
 */
export function registrantIdentity(c: Pick<Contact, 'company_name' | 'business_id' | 'identity_number'>): string {
  if (c.company_name !== '' && c.business_id !== '') return c.business_id;
  return c.identity_number || c.business_id;
}

/**
 * A contact as a registry records the registrant. The phone in EPP's +CC.NUMBER form: contacts keep
 * it so (the client API requires it, partner clients' phones are converted when given), and one
 * stored before that rule is converted here from the contact's country where it can be.
 */
export function registrantSnapshot(c: Contact): RegistrantSnapshot {
  return {
    key: `contact:${c.id}`,
    name: [c.first_name, c.last_name].filter(Boolean).join(' '),
    organization: c.company_name,
    email: c.email,
    phone: toEppPhone(c.phone, c.country) ?? c.phone,
    address: c.address,
    zipCode: c.zip_code,
    city: c.city,
    country: c.country,
    identityNumber: registrantIdentity(c),
  };
}

export function sameRegistrant(a: RegistrantSnapshot, b: RegistrantSnapshot): boolean {
  return (Object.keys(a) as Array<keyof RegistrantSnapshot>).every((k) => a[k] === b[k]);
}
