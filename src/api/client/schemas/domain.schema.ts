import { Type, type Static } from '@sinclair/typebox';
import { ContactSchema } from './contact.schema.js';
import { RequiredInCore } from '../../shared/required-in-core.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);

/** A domain as the client API shows it (list, details, PATCH). */
export const DomainSchema = Type.Object({
  id: Type.Integer({ description: 'Identifier of the domain' }),
  sld: Type.String({ description: 'Second level domain name' }),
  tld: Type.String({ description: 'Top level domain name' }),
  fqdn: Type.String({ description: 'Fully qualified domain name (punycode for IDNs)' }),
  fqdn_unicode: Type.String({ description: 'Fully qualified domain name in unicode format' }),
  // A domain whose registration is not yet fulfilled has no dates.
  reg_date: Nullable(Type.String({ description: 'Registration date (YYYY-MM-DD); null while pending' })),
  exp_date: Nullable(Type.String({ description: 'Expiration date (YYYY-MM-DD); null while pending' })),
  status: Type.String({ description: 'Domain status (pending: ordered, or a transfer in waiting for the losing registrar; active, expired, redemption)' }),
  renew: Type.Boolean({ description: 'Renew status' }),
  updated_at: Nullable(Type.String({ description: 'Date and time of when domain was last modified' })),
  billing_contact: Type.Union([ContactSchema, Type.Null()]),
});
export type DomainWire = Static<typeof DomainSchema>;

export const DomainParams = Type.Object({
  domain: Type.String({ maxLength: 300, description: 'Domain name ("test.com"; unicode names URL-encoded)' }),
});

const HostList = (description: string) => Type.Array(Type.String({ maxLength: 253 }), { maxItems: 13, description });

/**
 * The registrant of a purchase. Every field is required, by the core (RequiredInCore), which names
 * every missing and malformed field in one answer.
 */
const RegistrantContact = Type.Object({
  firstName: RequiredInCore(Type.String({ maxLength: 255 })),
  lastName: RequiredInCore(Type.String({ maxLength: 255 })),
  identityNumber: RequiredInCore(Type.String({ maxLength: 255, description: 'Personal identity number or business ID' })),
  address: RequiredInCore(Type.String({ maxLength: 255 })),
  zipCode: RequiredInCore(Type.String({ maxLength: 16 })),
  city: RequiredInCore(Type.String({ maxLength: 255 })),
  country: RequiredInCore(Type.String({ maxLength: 255, description: 'Two letter country code (ISO 3166-1 alpha-2)' })),
  phone: RequiredInCore(Type.String({ maxLength: 255, description: 'Phone number in the form +CCC.NNNNNNNN' })),
  email: RequiredInCore(Type.String({ maxLength: 255 })),
});

const Years = Type.Integer({ minimum: 1, maximum: 10, default: 1, description: 'Registration period in years (1-10, as priced for the TLD); default 1' });

export const PurchaseBody = Type.Object({
  domain: RequiredInCore(Type.String({ maxLength: 300, description: 'The domain to purchase ("testdomain.fi"; IDNs in unicode or punycode)' })),
  years: Type.Optional(Years),
  nameServers: Type.Optional(HostList('0 or 2-13 name servers; none: the provider\'s own')),
  registrantContact: RequiredInCore(RegistrantContact),
});

export const RenewBody = Type.Object({
  domain: RequiredInCore(Type.String({ maxLength: 300, description: 'The domain to renew' })),
  years: Type.Optional(Years),
});

export const TransferBody = Type.Object({
  domain: RequiredInCore(Type.String({ maxLength: 300, description: 'The domain to transfer' })),
  authCode: RequiredInCore(Type.String({ maxLength: 255, description: 'The transfer (EPP) code from the current registrar' })),
});

export const DomainPatchBody = Type.Object({
  renew: Type.Optional(Type.Boolean({ description: 'Renew status' })),
  contact_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The billing contact of the domain' })),
});

export const NameserversBody = Type.Object({
  nameservers: HostList('Name server host names (2-13 in the resulting list)'),
});

export const NameserverSchema = Type.Object({ nameserver: Type.String({ description: 'Nameserver address' }) });

export const AuthCodeSchema = Type.Object({ authCode: Type.String({ description: 'Authorization Code (EPP code)' }) });
