import { Type, type Static } from '@sinclair/typebox';

export const DomainParam = Type.Object({
  domain: Type.String({ description: 'A domain name ("test.com"; unicode names URL-encoded) or, for the check, a bare name ("test")' }),
});

export const PriceSchema = Type.Object({
  total: Type.Number({ description: 'The registration price for domain, VAT excluded (€)' }),
  billing_period: Type.Integer({ description: 'Billing period in months for domain price' }),
});

export const AvailabilitySchema = Type.Object({
  sld: Type.String({ description: 'The second level domain name, in punycode (ASCII) form' }),
  tld: Type.String({ description: 'The top level domain name, in punycode (ASCII) form' }),
  info: Type.Union([Type.Literal('available'), Type.Literal('unavailable'), Type.Literal('invalid')], {
    description: 'available; unavailable (registered or being ordered); invalid (a TLD not sold here, or a name its rules refuse)',
  }),
  status: Type.Integer({ description: 'The availability status of domain: 1 available, 0 not' }),
  prices: Type.Array(PriceSchema),
});
export type AvailabilityWire = Static<typeof AvailabilitySchema>;

const Timestamp = (description: string) =>
  Type.Union([Type.String({ description: `${description} ("YYYY-MM-DD HH:MM:SS", UTC)` }), Type.Null()], {
    description: `${description}; null when the WHOIS server does not say`,
  });

export const WhoisSchema = Type.Object({
  domain: Type.String({ description: 'The requested, fully qualified domain name in IDN format' }),
  created: Timestamp('Timestamp of when the domain was registered'),
  expires: Timestamp('Timestamp of when the domain expires'),
  updated: Timestamp('Timestamp of when the domain was last updated'),
  owner: Type.Union([Type.String(), Type.Null()], { description: 'Name of the current owner' }),
  registrar: Type.Union([Type.String(), Type.Null()], { description: 'Name of the current registrar' }),
  dnssec: Type.Union([Type.String(), Type.Null()], { description: 'DNSSEC information ("unsigned", "signed")' }),
  nameServers: Type.Array(Type.String(), { description: 'Nameservers assigned to domain' }),
  rawText: Type.String({ description: 'A raw-text representation of WHOIS information' }),
});
export type WhoisWire = Static<typeof WhoisSchema>;
