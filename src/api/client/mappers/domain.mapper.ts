import type { DomainView } from '../../../core/domains/list-domains.js';
import type { DomainWire } from '../schemas/domain.schema.js';
import { toContactWire } from './contact.mapper.js';

/** Entity -> wire: `renew` is a boolean on the wire, 0/1 in the store. */
export function toDomainWire({ domain: d, billingContact }: DomainView): DomainWire {
  return {
    id: d.id,
    sld: d.sld,
    tld: d.tld,
    fqdn: d.fqdn,
    fqdn_unicode: d.fqdn_unicode,
    reg_date: d.reg_date,
    exp_date: d.exp_date,
    status: d.status,
    renew: d.renew === 1,
    updated_at: d.updated_at,
    billing_contact: billingContact ? toContactWire(billingContact) : null,
  };
}

export const toNameserverWire = (nameserver: string) => ({ nameserver });
