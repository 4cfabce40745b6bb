import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const InvoiceItemSchema = Type.Object({
  description: Type.String({ description: 'The description' }),
  qty: Type.Integer({ description: 'Quantity' }),
  sub_total: Type.Number({ description: 'Sub-total (VAT excluded), euros' }),
  total: Type.Number({ description: 'Total (VAT included), euros' }),
  tax_rate: Type.Number({ description: 'Tax rate in percent (25.5 for 25.5 %)' }),
});

export const InvoiceRecipientSchema = Type.Object({
  company_name: Type.String(),
  business_id: Type.String(),
  name: Type.String({ description: 'Recipient name' }),
  address: Type.String(),
  zip_code: Type.String(),
  city: Type.String(),
  country: Type.String({ description: 'Two letter country code (ISO 3166-1 alpha-2)' }),
  e_invoice_address: Type.String(),
  e_invoice_intermediator: Type.String(),
});

/** An invoice as the client API shows it, with its lines and the recipient as billed. */
export const InvoiceSchema = Type.Object({
  id: Type.Integer({ description: 'Identifier of the invoice' }),
  // The document's field list says string, its examples show a number; we follow the examples.
  ref_number: Type.Integer({ description: 'Reference number (Finnish national reference, digits only)' }),
  date: Type.String({ description: 'Date when invoice was created (YYYY-MM-DD)' }),
  due_date: Type.String({ description: 'Due date of invoice (YYYY-MM-DD)' }),
  total: Type.Number({ description: 'Total amount of invoice, euros, VAT included' }),
  paid: Type.Boolean({ description: 'Whether invoice is paid or not' }),
  date_paid: Nullable(Type.String({ description: 'Date when invoice was paid (YYYY-MM-DD)' })),
  payment_method: Nullable(Type.String({ description: 'The method invoice was paid with' })),
  delivery_method: Type.String({ description: 'The method invoice was delivered with (post, email, e-invoice)' }),
  items: Type.Array(InvoiceItemSchema),
  recipient: InvoiceRecipientSchema,
});
export type InvoiceWire = Static<typeof InvoiceSchema>;
