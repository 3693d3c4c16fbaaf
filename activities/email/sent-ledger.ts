import { access } from 'node:fs/promises';
import path from 'node:path';
import { errorCode, writeFileExclusive } from './exclusive-file';
import { fileNameForMessageId } from './file-names';

export interface SentRecord {
  messageId: string;
  sentAt: string;
  accepted: string[];
  rejected: string[];
  /** The server's final reply ("250 OK queued as ..."), kept so an operator can trace the message at the relay. */
  response: string;
}

/**
 * Durable memory of which Message-IDs were already handed to the SMTP server.
 *
 * SMTP has no idempotency of its own: a second DATA with the same Message-ID is a second email in the client's inbox.
 * One marker file per Message-ID (rather than one shared file) means no read-modify-write, no locking, and
 * concurrent workers sharing the folder cannot corrupt each other's records.
 */
export class SentLedger {
  constructor(private readonly folder: string) {}

  async has(messageId: string): Promise<boolean> {
    try {
      await access(this.markerPath(messageId));
      return true;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
  }

  /** Returns false when the Message-ID was already recorded (another attempt got there first). */
  async record(entry: SentRecord): Promise<boolean> {
    return writeFileExclusive(this.markerPath(entry.messageId), `${JSON.stringify(entry, null, 2)}\n`);
  }

  private markerPath(messageId: string): string {
    return path.join(this.folder, fileNameForMessageId(messageId, '.json'));
  }
}
