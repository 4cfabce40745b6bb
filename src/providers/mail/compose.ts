import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailMessage } from '../../ports/mail.js';

/** nodemailer's message fields for `message` from `from`: the one shape both mailers send. */
export function mailFields(from: string, message: MailMessage) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    messageId: message.messageId,
    headers: message.language ? { 'Content-Language': message.language } : undefined,
    attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  };
}

/** The message as RFC 5322 bytes, built by nodemailer's MailComposer. */
export function composeMessage(from: string, message: MailMessage, date: Date): Promise<Buffer> {
  const composer = new MailComposer({ ...mailFields(from, message), date });
  return new Promise((resolve, reject) => composer.compile().build((err, bytes) => (err ? reject(err) : resolve(bytes))));
}
