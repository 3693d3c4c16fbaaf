/** Where recordings are stored: Google Drive when GOOGLE_DRIVE_FOLDER_ID is set, otherwise LOCAL_DRIVE_DIR. */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { httpUrl, optional } from '../../common/env-schema';

export type RecordingsConfig =
  | { kind: 'google-drive'; folderId: string; credentialsFile?: string; rootUrl?: string }
  | { kind: 'local-folder'; dir: string };

export const DRIVE_VARIABLES = [
  'GOOGLE_DRIVE_FOLDER_ID',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_DRIVE_ROOT_URL',
  'LOCAL_DRIVE_DIR',
] as const;

export const driveShape = {
  GOOGLE_DRIVE_FOLDER_ID: optional(
    z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be a Drive folder id (letters, digits, - and _)'),
  ),
  GOOGLE_APPLICATION_CREDENTIALS: optional(
    z.string().refine((file) => existsSync(file), 'names a file that does not exist'),
  ),
  GOOGLE_DRIVE_ROOT_URL: optional(httpUrl),
  LOCAL_DRIVE_DIR: optional(z.string()),
};

export function recordingsConfigFrom(parsed: z.infer<z.ZodObject<typeof driveShape>>): RecordingsConfig {
  if (parsed.GOOGLE_DRIVE_FOLDER_ID === undefined) {
    return { kind: 'local-folder', dir: parsed.LOCAL_DRIVE_DIR ?? 'local-drive' };
  }
  const recordings: RecordingsConfig = { kind: 'google-drive', folderId: parsed.GOOGLE_DRIVE_FOLDER_ID };
  if (parsed.GOOGLE_APPLICATION_CREDENTIALS !== undefined) {
    recordings.credentialsFile = parsed.GOOGLE_APPLICATION_CREDENTIALS;
  }
  if (parsed.GOOGLE_DRIVE_ROOT_URL !== undefined) {
    recordings.rootUrl = parsed.GOOGLE_DRIVE_ROOT_URL.endsWith('/')
      ? parsed.GOOGLE_DRIVE_ROOT_URL
      : `${parsed.GOOGLE_DRIVE_ROOT_URL}/`;
  }
  return recordings;
}
