import { randomBytes } from 'node:crypto';
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
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
 * How far an attempt that has not finished got, written before the step it names:
 * - `sending`: connecting, logging in, giving the envelope or the message body. Until the end-of-data marker
 *   (`<CRLF>.<CRLF>`) leaves, a relay must discard the message if the connection drops (RFC 5321), so an attempt
 *   that stopped here delivered nothing.
 * - `handed-over`: the end-of-data marker is about to leave or has left. The relay may have queued the message,
 *   and only its reply says so; an attempt that stopped here may or may not have delivered it.
 */
export type PendingPhase = 'sending' | 'handed-over';

export interface PendingRecord {
  messageId: string;
  phase: PendingPhase;
  /** When this phase was recorded. */
  at: string;
  /** `pid@host` of the process that recorded it: for an operator reading the ledger. */
  by: string;
  /**
   * When an earlier attempt was cut off after its hand-over: kept through the attempts that follow (a resend with
   * SMTP_DELIVERY=at-least-once), so the ledger never claims less than may have happened.
   */
  handedOverBefore?: string;
}

/**
 * Durable memory of which Message-IDs were handed to the SMTP server, and of how far an unfinished attempt got.
 *
 * SMTP has no idempotency of its own: a second DATA with the same Message-ID is a second email in the client's inbox.
 * One marker file per Message-ID (rather than one shared file) means no read-modify-write, no locking, and
 * concurrent workers sharing the folder cannot corrupt each other's records. `<id>.json` says the relay accepted the
 * message; `pending/<id>.json` says an attempt started (and how far it got), and is removed when it ends.
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

  /** What an earlier attempt that did not finish recorded, if any. */
  async pending(messageId: string): Promise<PendingRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.pendingPath(messageId), 'utf8')) as PendingRecord;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      // A record torn by a crash mid-write cannot have said `handed-over` yet: it is written (and synced) whole
      // before being renamed into place, so a torn file can only be a leftover temporary, never the record itself.
      if (error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  /**
   * Records the phase durably (written, fsynced, renamed into place, folder fsynced) before returning, so whatever
   * the process does next, a crash cannot leave the ledger claiming less than happened.
   */
  async markPending(messageId: string, phase: PendingPhase, handedOverBefore?: string): Promise<void> {
    const record: PendingRecord = {
      messageId,
      phase,
      at: new Date().toISOString(),
      by: `${process.pid}@${hostname()}`,
      ...(handedOverBefore ? { handedOverBefore } : {}),
    };
    const target = this.pendingPath(messageId);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    await syncFolder(path.dirname(target));
  }

  async clearPending(messageId: string): Promise<void> {
    await rm(this.pendingPath(messageId), { force: true });
  }

  private markerPath(messageId: string): string {
    return path.join(this.folder, fileNameForMessageId(messageId, '.json'));
  }

  private pendingPath(messageId: string): string {
    return path.join(this.folder, 'pending', fileNameForMessageId(messageId, '.json'));
  }
}

/** Makes a rename durable across power loss; best effort where a folder cannot be opened (some platforms). */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Not supported here: the rename is still atomic, only its durability across power loss is weaker.
  } finally {
    await handle?.close();
  }
}
