import type { Ctx } from '../core/context.js';
import type { MailAttachment, MailMessage } from '../ports/mail.js';
import { isoTimestamp } from '../core/dates.js';
import { recordEvent } from '../core/events/record-event.js';
import type { Store } from '../ports/store.js';
import type { MailJob } from '../core/messages/mail-subscriber.js';
import { messageIdOf } from '../core/messages/message-id.js';
import { recipientOf } from '../core/messages/recipient.js';
import { render, type MessageLang, type TemplateInput } from '../core/messages/templates.js';
import { RESET_MINUTES } from '../core/accounts/password-reset.js';
import { invoiceDocument } from '../documents/invoice-document.js';
import { invoicePdf } from '../documents/invoice-pdf.js';
import type { Notification } from '../core/lifecycle/notify.js';
import type { Log } from './log.js';

/**
 * Sends one message through ctx.mailer, once: its Message-ID (message-id.ts) is looked up in mail_sent
 * first and recorded after the mail server took it, so a job run again (a retry after a lost answer, a
 * lease that ran out) sends nothing. The one window left is between the server's acceptance and the
 * record: a crash there sends the message again, with the same Message-ID (docs/decisions.md).
 * A refusal for good (MailRefusedError) fails the job at once; anything else is retried by the outbox.
 */
async function sendOnce(ctx: Ctx, log: Log, template: string, message: MailMessage, sent?: (tx: Store) => Promise<unknown>): Promise<void> {
  if (await ctx.store.messages.findSent(message.messageId)) return;
  const receipt = await ctx.mailer.send(message);
  // The record and what the sending means (an invoice sent) in one transaction: both or neither.
  await ctx.store.transaction(async (tx) => {
    await tx.messages.recordSent({ message_id: message.messageId, recipient: message.to, template, sent_at: isoTimestamp(ctx.clock.now()) });
    await sent?.(tx);
  });
  log.info({ mail: { to: message.to, template, messageId: message.messageId, where: receipt.where } }, `mail "${message.subject}" to ${message.to}: ${receipt.where}`);
}

/** A `mail.send` job: the message for an event (or a reset link), written now in the account's language. */
export async function sendMailJob(ctx: Ctx, payload: MailJob, log: Log): Promise<void> {
  const from = ctx.mailer.from;
  if ('resetId' in payload) {
    const messageId = messageIdOf('reset', payload.resetId, payload.template, from);
    const lang = (await recipientOf(ctx.store, payload.userId))?.lang ?? 'en';
    const link = `${ctx.settings.publicUrl}/panel/password-reset/new?token=${encodeURIComponent(payload.token)}`;
    const rendered = render('password_reset', lang, { provider: ctx.settings.providerName, subject: '', data: {}, link, linkMinutes: RESET_MINUTES });
    await sendOnce(ctx, log, payload.template, { to: payload.to, ...rendered, messageId, language: lang });
    return;
  }
  const messageId = messageIdOf('event', payload.eventId, payload.template, from);
  if (await ctx.store.messages.findSent(messageId)) return;
  const event = await ctx.store.events.findById(payload.eventId);
  if (!event) throw new Error(`No event ${payload.eventId} to write a message of`);
  const lang: MessageLang = (event.user_id === null ? undefined : (await recipientOf(ctx.store, event.user_id))?.lang) ?? 'en';
  const input: TemplateInput = { provider: ctx.settings.providerName, subject: event.subject, data: JSON.parse(event.data) as Record<string, unknown> };
  const attachments: MailAttachment[] = [];
  let sent: ((tx: Store) => Promise<unknown>) | undefined;
  if (payload.template === 'invoice_created' || payload.template === 'invoice_overdue') {
    const invoice = await ctx.store.invoices.findById(Number(event.subject));
    if (!invoice) throw new Error(`No invoice ${event.subject} to write a message of`);
    const seller = ctx.settings.seller;
    input.invoice = { refNumber: invoice.ref_number, totalCents: invoice.total_cents, dueDate: invoice.due_date, iban: seller.iban, bic: seller.bic };
    if (payload.template === 'invoice_created') {
      const items = await ctx.store.invoices.items([invoice.id]);
      const pdf = await invoicePdf(invoiceDocument(invoice, items, seller), lang);
      attachments.push({ filename: `${lang === 'fi' ? 'lasku' : 'invoice'}-${invoice.ref_number}.pdf`, contentType: 'application/pdf', content: pdf });
      sent = (tx) => recordEvent(tx, ctx, {
        type: 'invoice.sent', userId: invoice.user_id, subject: String(invoice.id), data: { via: 'email', to: payload.to, ref_number: invoice.ref_number },
      });
    }
  }
  const rendered = render(payload.template, lang, input);
  await sendOnce(ctx, log, payload.template, { to: payload.to, ...rendered, attachments, messageId, language: lang }, sent);
}

/**
 * A `notification` job (core/lifecycle/notify.ts): its text as it was queued, mailed once per job. It is
 * also written to the log (`notification` in the JSON) as before there was a mailer, so a log shipper
 * that forwards these lines keeps working, and an account without an address is still heard of there.
 */
export async function sendNotification(ctx: Ctx, payload: Notification, jobId: number, log: Log): Promise<void> {
  log.info({ notification: { job: jobId, ...payload } }, `notification to ${payload.to || `account ${payload.user_id}`}: ${payload.subject}`);
  if (!payload.to) return;
  const messageId = messageIdOf('notification', jobId, 'notification', ctx.mailer.from);
  const text = `${payload.text}\n\n${ctx.settings.providerName}\n`;
  await sendOnce(ctx, log, 'notification', { to: payload.to, subject: payload.subject, text, messageId });
}
