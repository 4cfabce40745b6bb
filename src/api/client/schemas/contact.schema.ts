import { Type, type Static } from '@sinclair/typebox';

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
