import type { Contact } from '../../../ports/store.js';
import type { PartnerDomainView } from '../../../core/partners/domains/list-partner-domains.js';
import type { PartnerDomainDetails } from '../../../core/partners/domains/show-partner-domain.js';
import type { DomainContactWire, DomainDetailWire, DomainListItemWire, DomainNameserversWire } from '../schemas/domain.schema.js';

/** "2020-12-08" -> "08/12/2020", as the document's list shows dates. */
export const dmy = (date: string): string => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** Cents -> "123.00". */
export const euros = (cents: number): string => `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')}`;

/** "active" -> "Active". */
const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function toDomainListItemWire({ domain: d, clientId, standing: s, years, priceCents }: PartnerDomainView): DomainListItemWire {
  return {
    id: String(d.id),
    domain: d.fqdn,
    domain_name: d.fqdn_unicode,
    client_id: String(clientId ?? 0),
    expire_date: s.expireDate,
    expired: s.expired,
    days_valid: s.daysValid,
    status: capitalized(s.state),
    cancelled_but_not_expired: s.cancelledButNotExpired,
    expiring_within_60_days: s.expiringWithin60Days,
    expired_less_than_180_days_ago: s.expiredLessThan180DaysAgo,
    auto_renew: s.autoRenew,
    registration_date: dmy(s.registrationDate),
    registered_to: dmy(s.expireDate),
    registration_period: String(years),
    price: euros(priceCents),
  };
}

const toDomainContactWire = (c: Contact | null): DomainContactWire | null =>
  c && {
    first_name: c.first_name,
    last_name: c.last_name,
    company_name: c.company_name,
    email_address: c.email,
    phone_number: c.phone,
    street: [c.address, c.address2].filter(Boolean).join(', '),
    city: c.city,
    postal_code: c.zip_code,
  };

/** ["a.example", "b.example"] -> {ns1: "a.example", ns2: "b.example", ns3: null, ns4: null}: the fields change-nameservers takes. */
export function toDomainNameserversWire(nameservers: string[]): DomainNameserversWire {
  const wire: DomainNameserversWire = {};
  for (let i = 0; i < Math.max(4, nameservers.length); i++) wire[`ns${i + 1}`] = nameservers[i] ?? null;
  return wire;
}

export function toDomainDetailWire(view: PartnerDomainDetails): DomainDetailWire {
  const c = view.contacts;
  return {
    ...toDomainListItemWire(view),
    nameservers: toDomainNameserversWire(view.nameservers),
    contacts: {
      registrant: toDomainContactWire(c.registrant),
      on_site: toDomainContactWire(c.on_site),
      admin: toDomainContactWire(c.admin),
      tech: toDomainContactWire(c.tech),
      billing: toDomainContactWire(c.billing),
    },
  };
}
