import { createHash } from 'node:crypto';
import { writeFileAtomically } from '../files/write-atomically.js';
import type { MailMessage, MailReceipt, Mailer } from '../../ports/mail.js';
import type { Clock } from '../../core/clock.js';
import { composeMessage } from './compose.js';

/**
 * The embedded default mailer (no SMTP_URL): each message an RFC 5322 `.eml` file in a folder
 * (`<DATA_DIR>/mail`), which a mail client opens as it is and an operator can read or forward.
 *
 * The file is named by the message's Message-ID (hashed to a file name), so a message sent again has
 * the same name and replaces its first copy rather than lying beside it. It appears whole or not at
 * all (writeFileAtomically).
 */
export class FolderMailer implements Mailer {
  readonly kind = 'folder';

  constructor(
    readonly dir: string,
    readonly from: string,
    private readonly clock: Clock,
  ) {}

  async send(message: MailMessage): Promise<MailReceipt> {
    const bytes = await composeMessage(this.from, message, this.clock.now());
    const name = `${createHash('sha256').update(message.messageId).digest('hex').slice(0, 24)}.eml`;
    const path = await writeFileAtomically(this.dir, name, bytes);
    return { messageId: message.messageId, where: path };
  }

  async close(): Promise<void> {}
}
