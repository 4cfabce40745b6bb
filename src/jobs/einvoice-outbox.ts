import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Ctx } from '../core/context.js';
import type { Invoice } from '../ports/store.js';
import { invoiceDocument } from '../documents/invoice-document.js';
import { finvoice } from '../documents/finvoice.js';
import { writeFileAtomically } from '../providers/files/write-atomically.js';
import { recordEvent } from '../core/events/record-event.js';

/**
 * The e-invoice outbox: a folder (EINVOICE_DIR) of Finvoice messages, one file per invoice, from which
 * the provider's e-invoicing operator collects them. A message is named `<invoice id>-<reference>.xml`:
 * the name depends on the invoice alone, so a job run again (after a crash, or a lease that ran out)
 * finds or rewrites the same file and never leaves a second one beside it.
 */
export const einvoiceFileName = (invoice: Pick<Invoice, 'id' | 'ref_number'>): string => `${invoice.id}-${invoice.ref_number}.xml`;

/**
 * Writes invoice `invoiceId`'s Finvoice message into the outbox, unless it is there already; returns its
 * path (undefined for an invoice not delivered as an e-invoice). The message is made from the invoice
 * as it is now, timestamped with its creation.
 *
 * The file appears whole or not at all (writeFileAtomically), also when two runs write at once. Throws (and the job is retried, then parked as failed for
 * `hostplane jobs list --failed`) when the invoice is missing or cannot be written as Finvoice (see
 * FinvoiceError: typically SELLER_EINVOICE_* or SELLER_IBAN not configured).
 */
export async function writeEinvoice(ctx: Ctx, invoiceId: number): Promise<string | undefined> {
  const invoice = await ctx.store.invoices.findById(invoiceId);
  if (!invoice) throw new Error(`No invoice ${invoiceId} to write as an e-invoice`);
  if (invoice.delivery_method !== 'e-invoice') return undefined;
  const dir = ctx.settings.einvoiceDir;
  const path = join(dir, einvoiceFileName(invoice));
  if (existsSync(path)) return path;
  const items = await ctx.store.invoices.items([invoice.id]);
  const bytes = finvoice(invoiceDocument(invoice, items, ctx.settings.seller), {
    receiver: { address: invoice.recipient_e_invoice_address, intermediator: invoice.recipient_e_invoice_intermediator },
    timestamp: invoice.created_at,
  });
  const written = await writeFileAtomically(dir, einvoiceFileName(invoice), bytes);
  // Told once the file is in place: a crash before this leaves the file and no event (a run again
  // finds the file and stops above), never an event without its file.
  await ctx.store.transaction((tx) => recordEvent(tx, ctx, {
    type: 'invoice.sent', userId: invoice.user_id, subject: String(invoice.id),
    data: { via: 'einvoice', address: invoice.recipient_e_invoice_address, intermediator: invoice.recipient_e_invoice_intermediator, ref_number: invoice.ref_number },
  }));
  return written;
}

/** One message in the outbox, as `hostplane einvoices list` shows it. */
export interface OutboxEntry {
  file: string;
  invoice_id: number | null;
  reference: string;
  /** The receiver's e-invoice address and intermediator, as the message names them. */
  recipient_address: string;
  recipient_intermediator: string;
  size: number;
  /** When the file was written (its modification time). */
  time: string;
}

/**
 * The messages in the outbox folder, newest first (an empty list when the folder does not exist yet).
 * The recipient is read from each file, which is what the operator collects, rather than from the store.
 */
export function listEinvoices(dir: string): OutboxEntry[] {
  if (!existsSync(dir)) return [];
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
  const decoder = new TextDecoder('iso-8859-15');
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith('.xml') && !name.startsWith('.'))
    .map((file): OutboxEntry => {
      const path = join(dir, file);
      const stat = statSync(path);
      const m = /^(\d+)-(.+)\.xml$/.exec(file);
      let receiver: { ToIdentifier?: unknown; ToIntermediator?: unknown } = {};
      try {
        receiver = parser.parse(decoder.decode(readFileSync(path)))?.Finvoice?.MessageTransmissionDetails?.MessageReceiverDetails ?? {};
      } catch {
        // Not a message this outbox wrote: listed with what its name and size say.
      }
      return {
        file,
        invoice_id: m ? Number(m[1]) : null,
        reference: m ? m[2]! : '',
        recipient_address: String(receiver.ToIdentifier ?? ''),
        recipient_intermediator: String(receiver.ToIntermediator ?? ''),
        size: stat.size,
        time: stat.mtime.toISOString(),
      };
    });
  return entries.sort((a, b) => b.time.localeCompare(a.time) || a.file.localeCompare(b.file));
}
