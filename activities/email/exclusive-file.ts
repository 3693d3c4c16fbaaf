import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Publishes `data` at `target` only if nothing is there yet, atomically: readers never see a half-written file,
 * and of two concurrent writers exactly one wins. Returns false when the file already existed.
 *
 * Written to a temporary file in the same folder first (fsynced, so a crash cannot leave an empty marker behind),
 * then hard-linked into place: unlike rename, link refuses to replace an existing file, which is what gives the
 * "exactly one winner" guarantee the outbox and the sent-ledger rely on.
 */
export async function writeFileExclusive(target: string, data: string | Uint8Array): Promise<boolean> {
  const folder = path.dirname(target);
  await mkdir(folder, { recursive: true });
  const temporary = path.join(folder, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, target);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    // Some filesystems (FAT, a few network mounts) have no hard links: an exclusive copy still never overwrites.
    if (['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(error) ?? '')) {
      try {
        await copyFile(temporary, target, constants.COPYFILE_EXCL);
        return true;
      } catch (copyError) {
        if (errorCode(copyError) === 'EEXIST') return false;
        throw copyError;
      }
    }
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
