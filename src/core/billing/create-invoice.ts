import { randomUUID } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { Contact, Invoice, Store } from '../../ports/store.js';
import { addDays, isoDate, isoTimestamp } from '../dates.js';
import { lineAmounts } from './money.js';
import { invoiceReferenceNumber } from './reference-number.js';
import { recordEvent } from '../events/record-event.js';

/**
 * The outbox job that writes an invoice's Finvoice e-invoice for the e-invoicing operator to collect
 * (payload `{ invoiceId }`; see jobs/einvoice-outbox.ts).
 */
export const EINVOICE_JOB = 'invoice.einvoice';

export interface InvoiceLineInput {
  description: string;
  qty: number;
  unitCents: number;
  /** The order this line bills, so paying the invoice can fulfil it. */
  orderId?: number;
}

export interface CreateInvoiceInput {
  userId: number;
  /** The contact billed; its name and address are copied onto the invoice as they are today. */
  recipient: Contact;
  lines: InvoiceLineInput[];
  /** "YYYY-MM" for a partner's monthly invoice (see add-to-monthly-invoice.ts). */
  period?: string;
}

/** Invoice lines with their amounts (VAT per line, see money.ts), numbered from `firstPosition`. */
export function invoiceItems(lines: InvoiceLineInput[], vatRateBp: number, firstPosition = 1) {
  return lines.map((line, i) => {
    const amounts = lineAmounts(line.qty, line.unitCents, vatRateBp);
    return {
      position: firstPosition + i,
      description: line.description,
      qty: line.qty,
      sub_total_cents: amounts.subTotalCents,
      tax_rate_bp: vatRateBp,
      total_cents: amounts.totalCents,
      order_id: line.orderId ?? null,
    };
  });
}

/**
 * Writes an unpaid invoice inside the caller's transaction `tx`.
 * Rules: VAT at ctx.settings.vatRateBp per line, rounded once per line (see money.ts); the total is
 * the sum of line totals; date today, due after ctx.settings.invoiceDueDays; delivered by the
 * recipient's billing method; the recipient is a snapshot (a later contact edit does not rewrite a
 * sent invoice). The reference number is derived from the id (see reference-number.ts), which is
 * only known after the insert, so the row is written with a unique placeholder and updated in the
 * same transaction: no one ever sees the placeholder.
 * Delivery: a recipient billed by e-invoice gets a Finvoice message, queued (EINVOICE_JOB) in the
 * same transaction, so it is sent if and only if the invoice commits. Not for a monthly invoice
 * (`period`): lines are added to it all month (add-to-monthly-invoice.ts), and a message written now
 * would ask for the first line's amount only.
 */
export async function createInvoice(tx: Store, ctx: Ctx, input: CreateInvoiceInput): Promise<Invoice> {
  const now = ctx.clock.now();
  const date = isoDate(now);
  const at = isoTimestamp(now);
  const items = invoiceItems(input.lines, ctx.settings.vatRateBp);
  const r = input.recipient;
  const created = await tx.invoices.create(
    {
      user_id: input.userId,
      ref_number: `pending-${randomUUID()}`,
      date,
      due_date: addDays(date, ctx.settings.invoiceDueDays),
      total_cents: items.reduce((sum, item) => sum + item.total_cents, 0),
      paid: 0,
      date_paid: null,
      payment_method: null,
      delivery_method: r.billing_method,
      recipient_company_name: r.company_name,
      recipient_business_id: r.business_id,
      recipient_name: [r.first_name, r.last_name].filter(Boolean).join(' '),
      recipient_address: r.address,
      recipient_zip_code: r.zip_code,
      recipient_city: r.city,
      recipient_country: r.country,
      recipient_e_invoice_address: r.e_invoice_address,
      recipient_e_invoice_intermediator: r.e_invoice_intermediator,
      period: input.period ?? null,
      created_at: at,
      updated_at: at,
    },
    items,
  );
  const ref_number = invoiceReferenceNumber(created.id);
  await tx.invoices.update(created.id, { ref_number });
  if (r.billing_method === 'e-invoice' && input.period === undefined) await tx.jobs.enqueue(EINVOICE_JOB, { invoiceId: created.id }, at);
  await recordEvent(tx, ctx, {
    type: 'invoice.created', userId: input.userId, subject: String(created.id),
    data: { ref_number, total_cents: created.total_cents, due_date: created.due_date, period: created.period },
  });
  return { ...created, ref_number };
}
