import { Type, type Static } from '@sinclair/typebox';

/**
 * A natural person's identity number: what a registry that registers names only to identified holders
 * (Traficom for .fi) needs of a private registrant, where a company gives its business_id. The document's
 * contacts have no such field (only a purchase's registrantContact.identityNumber), so without it a
 * person could not take a .fi name in by transfer, which registers it to the account's primary contact.
 * It is written, never shown back: it is sensitive personal data, and the documented contact shape has
 * no place for it.
 */
export const IDENTITY_NUMBER = 'A person\'s identity number (e.g. a Finnish henkilötunnus), required of a private registrant of .fi names; kept and sent to the registry, never shown back. Not in the original document';

/** A contact as the client API shows it (contacts endpoints, and a domain's billing_contact). */
export const ContactSchema = Type.Object({
  id: Type.Integer({ description: 'The identifier of Contact' }),
  address: Type.String(),
  zip_code: Type.String(),
  city: Type.String(),
  country: Type.String({ description: 'Two letter country code (ISO 3166-1 alpha-2)' }),
  contact_type: Type.String({ description: 'Type of contact (billing, general)' }),
  email: Type.String(),
  company_name: Type.String(),
  name: Type.String(),
  phone: Type.String(),
  alt_email: Type.String(),
  billing_email: Type.String(),
  billing_method: Type.String({ description: 'Default billing method (email, post, e-invoice)' }),
  business_id: Type.String(),
  e_invoice_address: Type.String(),
  e_invoice_intermediator: Type.String(),
});
export type ContactWire = Static<typeof ContactSchema>;
