import type { Invoice, InvoiceItem } from '../../../ports/store.js';
import type { InvoiceWire } from '../schemas/invoice.schema.js';

const euros = (cents: number): number => cents / 100;

/** Entity and its lines -> wire. Money in euros, tax rate in percent (2550 bp -> 25.5). */
export function toInvoiceWire(invoice: Invoice, items: InvoiceItem[]): InvoiceWire {
  return {
    id: invoice.id,
    ref_number: Number(invoice.ref_number),
    date: invoice.date,
    due_date: invoice.due_date,
    total: euros(invoice.total_cents),
    paid: invoice.paid === 1,
    date_paid: invoice.date_paid,
    payment_method: invoice.payment_method,
    delivery_method: invoice.delivery_method,
    items: items.map((item) => ({
      description: item.description,
      qty: item.qty,
      sub_total: euros(item.sub_total_cents),
      total: euros(item.total_cents),
      tax_rate: item.tax_rate_bp / 100,
    })),
    recipient: {
      company_name: invoice.recipient_company_name,
      business_id: invoice.recipient_business_id,
      name: invoice.recipient_name,
      address: invoice.recipient_address,
      zip_code: invoice.recipient_zip_code,
      city: invoice.recipient_city,
      country: invoice.recipient_country,
      e_invoice_address: invoice.recipient_e_invoice_address,
      e_invoice_intermediator: invoice.recipient_e_invoice_intermediator,
    },
  };
}
