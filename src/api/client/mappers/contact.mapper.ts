import type { Contact } from '../../../ports/store.js';
import type { ContactWire } from '../schemas/contact.schema.js';

/** Entity -> wire. `name` is first and last name joined, as the document's examples show it. */
export function toContactWire(c: Contact): ContactWire {
  return {
    id: c.id,
    address: c.address,
    zip_code: c.zip_code,
    city: c.city,
    country: c.country,
    contact_type: c.contact_type,
    email: c.email,
    company_name: c.company_name,
    name: [c.first_name, c.last_name].filter(Boolean).join(' '),
    phone: c.phone,
    alt_email: c.alt_email,
    billing_email: c.billing_email,
    billing_method: c.billing_method,
    business_id: c.business_id,
    e_invoice_address: c.e_invoice_address,
    e_invoice_intermediator: c.e_invoice_intermediator,
  };
}
