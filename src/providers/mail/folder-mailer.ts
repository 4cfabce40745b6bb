import { mkdir, open, rename, readdir, rm } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { MailMessage, MailReceipt, Mailer } from '../../ports/mail.js';
import type { Clock } from '../../core/clock.js';
import { composeMessage } from './compose.js';

/**
 * The embedded default mailer (no SMTP_URL): each message an RFC 5322 `.eml` file in a folder
 * (`<DATA_DIR>/mail`), which a mail client opens as it is and an operator can read or forward.
 *
 * The file is named by the message's Message-ID (hashed to a file name), so a message sent again has
 * the same name and replaces its first copy rather than lying beside it. It appears whole or not at
 * all: written to a dot file ending in .tmp, flushed, renamed into place, the folder flushed (as the
 * e-invoice outbox does, jobs/einvoice-outbox.ts).
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
    await mkdir(this.dir, { recursive: true });
    const name = `${createHash('sha256').update(message.messageId).digest('hex').slice(0, 24)}.eml`;
    const path = join(this.dir, name);
    const temp = join(this.dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temp, 'wx', 0o640);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    const folder = await open(this.dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
    for (const left of await readdir(this.dir)) {
      if (left.startsWith(`.${name}.`) && left.endsWith('.tmp')) await rm(join(this.dir, left), { force: true });
    }
    return { messageId: message.messageId, where: path };
  }

  async close(): Promise<void> {}
}
