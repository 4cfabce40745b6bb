import type { ClientView } from '../../../core/partners/clients/client-view.js';
import type { ClientWire, SavedClientWire } from '../schemas/client.schema.js';

/** Account and primary contact -> the document's client: address1 is the contact's address, postcode its zip_code. */
export function toClientWire({ user, contact: c }: ClientView): ClientWire {
  return {
    id: String(user.id),
    firstname: c.first_name,
    lastname: c.last_name,
    company: c.company_name,
    address1: c.address,
    address2: c.address2,
    city: c.city,
    postcode: c.zip_code,
    country: c.country,
    phone: c.phone,
    email: c.email,
    client_type: user.client_type ?? '',
    vat_number: c.vat_number,
    identity_number: c.identity_number,
    business_id: c.business_id,
  };
}

/** The client as add and update answer it: the id a number there (the examples'), in the same place. */
export const toSavedClientWire = (view: ClientView): SavedClientWire => ({ ...toClientWire(view), id: view.user.id });
