/**
 * Sending e-mail. DESIGN.md's "mail is a port with an embedded default (a folder) and a real
 * implementation (SMTP)": src/providers/mail/{folder,smtp}.
 */

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface MailMessage {
  /** One address. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /**
   * The Message-ID, `<local@domain>`, chosen by the caller and stable across retries (see
   * core/messages/message-id.ts), so a message sent twice after a lost answer is recognisable as one.
   */
  messageId: string;
  /** Content-Language: fi or en. */
  language?: string;
}

/** What a mailer reports of a message it took. */
export interface MailReceipt {
  messageId: string;
  /** Where it went, for the log: a file's path, or the SMTP server's answer. */
  where: string;
}

/**
 * The mail server refused the message for good (an SMTP 5xx reply: no such mailbox, policy, too
 * large): sending it again would be refused again, so its job fails at once instead of retrying
 * (JobRunner reads `permanent`). A temporary refusal (4xx) or a server that cannot be reached is any
 * other error, and is retried.
 */
export class MailRefusedError extends Error {
  readonly permanent = true;
  constructor(message: string, readonly responseCode: number) {
    super(message);
    this.name = 'MailRefusedError';
  }
}

export interface Mailer {
  /** `folder` or `smtp`. */
  readonly kind: string;
  /** The From address of every message (MAIL_FROM). */
  readonly from: string;
  /** Sends one message; throws MailRefusedError for a permanent refusal, another error for a passing one. */
  send(message: MailMessage): Promise<MailReceipt>;
  close(): Promise<void>;
}
