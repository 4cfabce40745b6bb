import nodemailer from 'nodemailer';
import { MailRefusedError, type MailMessage, type MailReceipt, type Mailer } from '../../ports/mail.js';
import { mailFields } from './compose.js';

/**
 * nodemailer's errors that mean the server could not be reached or the connection was lost: said as
 * the network error the job runner treats as an outage (retried for days, see isOutage), since they
 * tell nothing about the message.
 */
const UNREACHABLE = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * Mail through an SMTP server (SMTP_URL: `smtp://user:pass@host:587` with STARTTLS when offered,
 * `smtps://host:465` for TLS from the start), one connection per message: messages are few (an
 * event's worth), and a pool would hold a connection the server closes when idle.
 *
 * A 5xx reply to the message (its sender, recipient or content) is a permanent refusal (RFC 5321,
 * 4.2.1): MailRefusedError, whose job is not retried. A 4xx reply (greylisting, a full queue) is retried
 * by the outbox; a server that is down, or refuses our login, is an outage, retried for days.
 */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp';
  private readonly transport;

  constructor(
    url: string,
    readonly from: string,
    options: { connectionTimeoutMs?: number } = {},
  ) {
    const timeout = options.connectionTimeoutMs ?? 30_000;
    this.transport = nodemailer.createTransport({ url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: 60_000 });
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    try {
      const info = await this.transport.sendMail(mailFields(this.from, message));
      return { messageId: message.messageId, where: String((info as { response?: unknown }).response ?? 'sent') };
    } catch (err) {
      const e = err as { responseCode?: unknown; code?: unknown; message?: string };
      // A refused login (535) is this server's settings, not the message: every message fails alike
      // until the operator fixes SMTP_URL, so it is waited out as an outage rather than failing each job.
      if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
        throw Object.assign(new Error(`The mail server refused the login: ${e.message ?? e.code}`, { cause: err }), { code: 'ECONNREFUSED' });
      }
      if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) {
        throw new MailRefusedError(`The mail server refused the message: ${e.message ?? e.responseCode}`, e.responseCode);
      }
      if (typeof e.code === 'string' && UNREACHABLE.has(e.code) && typeof e.responseCode !== 'number') {
        throw Object.assign(new Error(`The mail server could not be reached: ${e.message ?? e.code}`, { cause: err }), { code: 'ECONNREFUSED' });
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
