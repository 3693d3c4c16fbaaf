import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, copyFile, link, readdir, stat } from 'node:fs/promises';
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

/** The hidden folder of files named after Message-IDs: the idempotency record behind the readable names. */
export const BY_MESSAGE_ID = '.by-message-id';

/** Eight hex digits of the Message-ID's hash: the end of a readable name, unique among one outbox's messages. */
export function shortMessageId(messageId: string): string {
  return createHash('sha256').update(messageId).digest('hex').slice(0, 8);
}

/** `2026-12-03_summary-and-next-steps-intro-call_1a2b3c4d.eml`: sorted by day, found by subject. */
export function readableFileName(messageId: string, subject: string, day: Date): string {
  const slug =
    subject
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'message';
  return `${day.toISOString().slice(0, 10)}_${slug}_${shortMessageId(messageId)}.eml`;
}

/**
 * The default mailer: writes each message as a real RFC 822 `.eml` file (open it in any mail client, or hand it to
 * `sendmail -t` later) instead of sending it. Each file is named so a person can find it (the day it was written,
 * the subject, a short id), and is also linked under `.by-message-id/` by its Message-ID: that file's existence is
 * the idempotency record, so a retried send finds it and writes nothing.
 */
export class OutboxMailer implements Mailer {
  readonly dir: string;

  constructor(private readonly options: OutboxMailerOptions) {
    this.dir = path.resolve(options.dir ?? 'outbox');
  }

  /** The idempotency record of the message with this id: written once, whatever the subject or the day. */
  pathFor(messageId: string): string {
    return path.join(this.dir, BY_MESSAGE_ID, fileNameForMessageId(messageId, '.eml'));
  }

  async send(message: EmailMessage): Promise<SendResult> {
    const record = this.pathFor(message.messageId);
    // Cheap check first, so retries do not even build the message; writeFileExclusive still settles any race.
    if (await exists(record)) {
      await this.ensureReadable(record, message, 'maybe named');
      return { messageId: message.messageId, delivered: false };
    }
    // Outboxes written before readable names hold the message under its Message-ID, in the folder itself.
    if (await exists(path.join(this.dir, fileNameForMessageId(message.messageId, '.eml')))) {
      return { messageId: message.messageId, delivered: false };
    }

    // nodemailer's own composer produces the same MIME structure (multipart/alternative, encoded headers,
    // quoted-printable bodies) that SmtpMailer puts on the wire.
    const raw = await new MailComposer(mailOptions(this.options.from, message)).compile().build();
    const delivered = await writeFileExclusive(record, raw);
    if (delivered) await this.ensureReadable(record, message, 'new');
    return { messageId: message.messageId, delivered };
  }

  /**
   * The readable name, linked to the record; made again on a retry if a crash came between the two. A record this
   * send just wrote has no name yet, so only a retry looks through the folder, which grows with every message.
   */
  private async ensureReadable(record: string, message: EmailMessage, recordIs: 'new' | 'maybe named'): Promise<void> {
    const suffix = `_${shortMessageId(message.messageId)}.eml`;
    if (recordIs === 'maybe named' && (await readdir(this.dir)).some((file) => file.endsWith(suffix))) return;
    const written = (await stat(record)).mtime;
    const readable = path.join(this.dir, readableFileName(message.messageId, message.subject, written));
    try {
      await link(record, readable);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return;
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(error) ?? '')) throw error;
      // No hard links on this filesystem: a copy reads the same.
      try {
        await copyFile(record, readable, constants.COPYFILE_EXCL);
      } catch (copyError) {
        if (errorCode(copyError) !== 'EEXIST') throw copyError;
      }
    }
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
