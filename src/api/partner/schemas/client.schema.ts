import { Type, type Static } from '@sinclair/typebox';
import { stringOrNull, stringOrNumber } from './json-types.js';
import { RequiredInCore } from '../../shared/required-in-core.js';
import { CLIENT_LIMITS, CLIENT_TYPES, IDENTITY_MAX_LENGTH, type LimitedField } from '../../../core/partners/clients/client-rules.js';

/**
 * Not in the original document, after its fields: what a registry such as Traficom (.fi) requires of
 * a registrant. Programs written against the document can ignore them.
 */
const IDENTITY_ABOUT = {
  identity_number: 'A person\'s identity number (Finland: henkilötunnus), for registries that register names only to an identified holder (.fi). Not in the original document.',
  business_id: 'An organisation\'s business id (Finland: Y-tunnus), for registries that register names only to an identified holder (.fi). Not in the original document.',
};

const clientProperties = {
  id: Type.String({ description: 'Client ID' }),
  firstname: Type.String(),
  lastname: Type.String(),
  company: Type.String(),
  address1: Type.String(),
  address2: Type.String(),
  city: Type.String(),
  postcode: Type.String(),
  country: Type.String({ description: 'ISO 3166-1 alpha-2, upper case' }),
  phone: Type.String({ description: 'In EPP\'s +CC.NUMBER form (+358.401234567), whatever form it was given in' }),
  email: Type.String(),
  client_type: Type.String({ description: CLIENT_TYPES.join(' | ') }),
  vat_number: Type.String(),
  identity_number: Type.String({ description: `${IDENTITY_ABOUT.identity_number} "" when none.` }),
  business_id: Type.String({ description: `${IDENTITY_ABOUT.business_id} "" when none.` }),
};

/** A client as the list shows it: every value a string (id, postcode and phone included). */
export const ClientSchema = Type.Object(clientProperties);
/** A client as add and update answer it: the same, but the id a number, as their examples show ("id": 11287). */
export const SavedClientSchema = Type.Object({ ...clientProperties, id: Type.Integer({ description: 'Client ID' }) });
export type SavedClientWire = Static<typeof SavedClientSchema>;
export type ClientWire = Static<typeof ClientSchema>;

const limits = (f: LimitedField) => `Number of chars between ${CLIENT_LIMITS[f][0]}-${CLIENT_LIMITS[f][1]}.`;
const text = (f: LimitedField, about: string) => Type.String({ maxLength: CLIENT_LIMITS[f][1], description: `${about} ${limits(f)}` });
/** Optional fields may also be sent as null or '' (none). */
const optional = (f: LimitedField, about: string) =>
  Type.Optional(stringOrNull({ maxLength: CLIENT_LIMITS[f][1], description: `${about} ${limits(f)}` }));
/** The document types postcode and phone as numbers and its example sends them so; text is taken too. */
const textOrNumber = (f: LimitedField, about: string) =>
  Type.Optional(stringOrNumber({ maxLength: CLIENT_LIMITS[f][1], description: `${about} ${limits(f)}` }));

/**
 * The fields of add and update. The schema checks types and maximum lengths only: the core checks
 * the rest (required fields, minimum lengths, formats) so that one answer names every bad field.
 */
const clientFields = {
  firstname: Type.Optional(text('firstname', 'First name.')),
  lastname: Type.Optional(text('lastname', 'Last name.')),
  company: optional('company', 'Company name (optional).'),
  postcode: textOrNumber('postcode', 'Post code, entirely alpha-numeric.'),
  address1: Type.Optional(text('address1', 'Address 1.')),
  address2: optional('address2', 'Address 2 (optional).'),
  city: Type.Optional(text('city', 'City name.')),
  country: Type.Optional(Type.String({ description: '2 characters ISO country code, upper case.' })),
  email: Type.Optional(text('email', 'Email; also the client\'s login name for the client API.')),
  phone: textOrNumber(
    'phone',
    'Phone: international (+358 40 123 4567) or national for the client\'s country (040 123 4567); kept, and answered, as +CC.NUMBER (+358.401234567).',
  ),
  vat_number: optional('vat_number', 'VAT number, entirely alpha-numeric (optional).'),
  identity_number: Type.Optional(stringOrNull({
    maxLength: IDENTITY_MAX_LENGTH,
    description: `${IDENTITY_ABOUT.identity_number} Optional; on update, absent keeps it, null or "" clears it.`,
  })),
  business_id: Type.Optional(stringOrNull({
    maxLength: IDENTITY_MAX_LENGTH,
    description: `${IDENTITY_ABOUT.business_id} Optional; on update, absent keeps it, null or "" clears it.`,
  })),
};

/** The fields add and update (which replaces them all) require, checked by the core (RequiredInCore). */
const requiredNames = ['firstname', 'lastname', 'postcode', 'address1', 'city', 'country', 'email', 'phone'] as const;
const requiredFields = Object.fromEntries(requiredNames.map((f) => [f, RequiredInCore(clientFields[f])])) as
  Pick<typeof clientFields, (typeof requiredNames)[number]>;

export const AddClientBody = Type.Object({
  ...clientFields,
  ...requiredFields,
  password: RequiredInCore(
    Type.String({
      maxLength: CLIENT_LIMITS.password[1],
      description: `Password. ${limits('password')} Characters from at least three of: A-Z, a-z, 0-9, non-alphanumeric, other Unicode letters.`,
    }),
  ),
  client_type: RequiredInCore(Type.String({ description: `Client type: ${CLIENT_TYPES.map((t) => `"${t}"`).join(', ')}.` })),
});

export const UpdateClientBody = Type.Object({ ...clientFields, ...requiredFields });

export const ClientListQuery = Type.Object({
  keyword: Type.Optional(Type.String({ maxLength: 100, description: 'Filter string on (part of) firstname, lastname, companyname.' })),
});

export const ClientIdParams = Type.Object({ clientId: Type.String({ maxLength: 20, description: 'Client ID.' }) });
