import { createHash } from 'node:crypto';

/**
 * A portable file name for a Message-ID: readable (`lead-42.summary@example.com.eml`), yet safe on every filesystem
 * and never colliding. Characters outside a conservative set are replaced, so two different ids could map to the
 * same readable part; a short hash of the exact id is appended whenever that happened, or when the name is too long.
 */
export function fileNameForMessageId(messageId: string, extension: string): string {
  const bare = messageId.trim().replace(/^<|>$/g, '');
  let readable = bare.replace(/[^A-Za-z0-9._@+=-]/g, '_').replace(/^\.+/, '_');
  const changed = readable !== bare;
  const tooLong = readable.length > 150;
  if (tooLong) readable = readable.slice(0, 150);
  if (changed || tooLong || readable === '') {
    readable = `${readable}~${createHash('sha256').update(messageId).digest('hex').slice(0, 12)}`;
  }
  return `${readable}${extension}`;
}
