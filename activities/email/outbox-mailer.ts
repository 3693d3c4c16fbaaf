import { access } from 'node:fs/promises';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { errorCode, writeFileExclusive } from './exclusive-file';
import { fileNameForMessageId } from './file-names';
import { mailOptions } from './mail-options';
import type { EmailMessage, Mailer, SendResult } from './port';

export interface OutboxMailerOptions {
  /** Folder receiving one `.eml` file per message; created when missing. Default `outbox`. */
  dir?: string;
  /** The From header, e.g. `Sales <sales@example.com>`. */
  from: string;
}

/**
 * The default mailer: writes each message as a real RFC 822 `.eml` file (open it in any mail client, or hand it to
 * `sendmail -t` later) instead of sending it. The file name comes from the Message-ID, so the file's existence is
 * the idempotency record: a retried send finds it and writes nothing.
 */
export class OutboxMailer implements Mailer {
  readonly dir: string;

  constructor(private readonly options: OutboxMailerOptions) {
    this.dir = path.resolve(options.dir ?? 'outbox');
  }

  /** Where the message with this id is (or would be) written. */
  pathFor(messageId: string): string {
    return path.join(this.dir, fileNameForMessageId(messageId, '.eml'));
  }

  async send(message: EmailMessage): Promise<SendResult> {
    const target = this.pathFor(message.messageId);
    // Cheap check first, so retries do not even build the message; writeFileExclusive still settles any race.
    if (await exists(target)) return { messageId: message.messageId, delivered: false };

    // nodemailer's own composer produces the same MIME structure (multipart/alternative, encoded headers,
    // quoted-printable bodies) that SmtpMailer puts on the wire.
    const raw = await new MailComposer(mailOptions(this.options.from, message)).compile().build();
    const delivered = await writeFileExclusive(target, raw);
    return { messageId: message.messageId, delivered };
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}
