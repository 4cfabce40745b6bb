import { Type, type Static } from '@sinclair/typebox';
import { idOrNull, stringOrNull } from './json-types.js';
import { RequiredInCore } from '../../shared/required-in-core.js';
import { DOMAIN_ACTIONS } from '../../../core/partners/domains/order-partner-domain.js';
import { MAX_NAMESERVERS } from '../../../core/domains/nameserver-list.js';

/** A domain in GET domains/list, with the example's keys, order and types. */
export const DomainListItemSchema = Type.Object({
  id: Type.String(),
  domain: Type.String({ description: 'The name in ASCII (punycode for an IDN)' }),
  domain_name: Type.String({ description: 'The name as people write it (Unicode for an IDN)' }),
  client_id: Type.String({ description: 'The client holding the domain; "0" for the partner\'s own account' }),
  expire_date: Type.String({ description: 'YYYY-MM-DD' }),
  expired: Type.Boolean(),
  days_valid: Type.Integer({ minimum: 0 }),
  status: Type.String({ description: 'Pending (ordered, or a transfer in waiting for the losing registrar), Active, Expired' }),
  cancelled_but_not_expired: Type.Boolean({ description: 'Auto-renew is off and the domain has not expired yet' }),
  expiring_within_60_days: Type.Boolean(),
  expired_less_than_180_days_ago: Type.Boolean(),
  auto_renew: Type.Boolean(),
  registration_date: Type.String({ description: 'dd/mm/yyyy' }),
  registered_to: Type.String({ description: 'dd/mm/yyyy: the expiry date' }),
  registration_period: Type.String({ description: 'Years of the current registration period' }),
  price: Type.String({ description: 'The 12-month price times the period, VAT excluded, e.g. "123.00"' }),
});
export type DomainListItemWire = Static<typeof DomainListItemSchema>;

export const DomainContactSchema = Type.Object({
  first_name: Type.String(),
  last_name: Type.String(),
  company_name: Type.String(),
  email_address: Type.String(),
  phone_number: Type.String(),
  street: Type.String(),
  city: Type.String(),
  postal_code: Type.String(),
});
export type DomainContactWire = Static<typeof DomainContactSchema>;

const role = (description: string) => Type.Union([DomainContactSchema, Type.Null()], { description });

/**
 * A domain's nameservers as the document's register and change-nameservers take them: ns1-ns4, each
 * a host name or null; ns5-ns13 only on a domain that has more (the client API sets up to 13).
 */
export const DomainNameserversSchema = Type.Object(
  Object.fromEntries(
    Array.from({ length: MAX_NAMESERVERS }, (_, i) => {
      const n = i + 1;
      const about = n <= 4 ? `Name Server ${n}; null when the domain has fewer.` : `Name Server ${n}; present only when the domain has ${n} or more.`;
      const value = stringOrNull({ description: about });
      return [`ns${n}`, n <= 4 ? value : Type.Optional(value)];
    }),
  ),
  { description: 'The domain\'s nameservers in their order, in the shape change-nameservers takes, so what it set reads back as sent.' },
);
export type DomainNameserversWire = Record<string, string | null>;

export const DomainDetailSchema = Type.Object({
  ...DomainListItemSchema.properties,
  nameservers: DomainNameserversSchema,
  contacts: Type.Object({
    registrant: role('The holder of the domain'),
    on_site: role('Always null: no on-site contact is kept'),
    admin: role('The registrant: the holder administers the domain'),
    tech: role('Always null: the provider runs the technical side'),
    billing: role('The contact the domain is billed to'),
  }),
});
export type DomainDetailWire = Static<typeof DomainDetailSchema>;

const ns = (n: number, required: boolean) => {
  const field = stringOrNull({ maxLength: 100, description: `Name Server ${n}. Number of chars between 5-100.${required ? '' : ' Optional.'}` });
  return required ? RequiredInCore(field) : Type.Optional(field);
};

/**
 * The schema checks types and maximum lengths; the core checks the rest (required fields included:
 * RequiredInCore) so that one answer names every bad field.
 */
export const RegisterDomainBody = Type.Object({
  name: RequiredInCore(Type.String({ maxLength: 100, description: 'Domain name. Number of chars between 3-100.' })),
  period: RequiredInCore(Type.Integer({ description: 'Number of years, between 1-10. A transfer always adds one year.' })),
  action: RequiredInCore(Type.String({ description: `Domain action: ${DOMAIN_ACTIONS.map((a) => `"${a}"`).join(' or ')}.` })),
  epp_code: Type.Optional(stringOrNull({ maxLength: 100, description: 'EPP transfer code. Number of chars between 3-100. Required when action=transfer.' })),
  client_id: Type.Optional(
    idOrNull({ maxLength: 20, description: 'Client ID (as a number, or the string GET clients gives). Without one the domain is the partner\'s own.' }),
  ),
  ns1: ns(1, false),
  ns2: ns(2, false),
  ns3: ns(3, false),
  ns4: ns(4, false),
});

export const RegisterDomainData = Type.Object({
  order_id: Type.Integer(),
  domain_id: Type.String({ description: 'The domain\'s id; "" while a transfer waits for the registry' }),
});

export const CheckDomainBody = Type.Object({
  name: RequiredInCore(Type.String({ maxLength: 100, description: 'Domain name. Number of chars between 3-100.' })),
});

export const CheckDomainResponse = Type.Object({ success: Type.Literal(true), available: Type.Boolean(), message: Type.String() });

export const ChangeNameserversBody = Type.Object({ ns1: ns(1, true), ns2: ns(2, true), ns3: ns(3, false), ns4: ns(4, false) });

export const ChangeNameserversResponse = Type.Object({
  ResultCode: Type.Literal(1),
  ResultMessage: Type.String(),
  Success: Type.Literal(true),
});

export const DomainParams = Type.Object({ domain: Type.String({ maxLength: 255, description: 'Domain name.' }) });
