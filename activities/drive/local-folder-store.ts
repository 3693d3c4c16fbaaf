import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { NonRetryableStoreError } from '../../common/store-errors';
import type { RecordingStore, StoreRecordingRequest, StoredRecording } from './port';
import type { RecordingSources } from '../../common/recording-sources';

export interface LocalFolderStoreOptions {
  /** Default `local-drive`. */
  root?: string;
  /** Where recordings may be read from: a folder and an allow-list of download hosts. */
  sources: RecordingSources;
}

interface IndexEntry {
  idempotencyKey: string;
  /** Relative to the root, with forward slashes: also the file id. */
  file: string;
  storedAt: string;
}

/**
 * The default recording store: copies each recording to `<root>/<client folder>/<file name>`, so the whole
 * workflow runs on a laptop without Google credentials.
 *
 * Idempotency lives in a sidecar index, `<root>/.index/<sha256 of key>.json`, written only after the copy is
 * complete and renamed into place; one small file per key means concurrent stores never rewrite a shared index.
 */
export class LocalFolderStore implements RecordingStore {
  readonly root: string;
  private readonly sources: RecordingSources;

  constructor(options: LocalFolderStoreOptions) {
    this.root = path.resolve(options.root ?? 'local-drive');
    this.sources = options.sources;
  }

  async storeRecording(request: StoreRecordingRequest): Promise<StoredRecording> {
    const indexPath = path.join(this.root, '.index', `${sha256(request.idempotencyKey)}.json`);
    const earlier = await this.readIndex(indexPath);
    if (earlier) {
      const absolute = path.join(this.root, ...earlier.file.split('/'));
      // Trust the index only while the file is still there: if someone deleted the copy, store it again.
      if (await isFile(absolute))
        return { fileId: earlier.file, webLink: pathToFileURL(absolute).href, uploaded: false };
    }

    const relative = `${safeSegment(request.clientFolder)}/${safeSegment(request.fileName)}`;
    const target = path.join(this.root, ...relative.split('/'));
    await mkdir(path.dirname(target), { recursive: true });

    const source = await this.sources.open(request.source, request.signal);
    // Copy to a temporary name first: a half-copied recording must never look like a finished one. The name comes
    // from the idempotency key, so an attempt cut off by a crash (which cannot clean up after itself) leaves a
    // partial copy that the retry overwrites and then renames or removes, instead of one more orphan per crash.
    const partial = `${target}.${sha256(request.idempotencyKey).slice(0, 16)}.part`;
    let copied = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        copied += chunk.length;
        request.onProgress?.(copied, source.totalBytes);
        callback(null, chunk);
      },
    });
    try {
      request.onProgress?.(0, source.totalBytes);
      await pipeline(source.stream, counter, createWriteStream(partial, { flags: 'w' }), { signal: request.signal });
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    } finally {
      source.stream.destroy();
    }

    const entry: IndexEntry = {
      idempotencyKey: request.idempotencyKey,
      file: relative,
      storedAt: new Date().toISOString(),
    };
    await mkdir(path.dirname(indexPath), { recursive: true });
    const indexPartial = `${indexPath}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(indexPartial, `${JSON.stringify(entry, null, 2)}\n`);
    await rename(indexPartial, indexPath);
    return { fileId: relative, webLink: pathToFileURL(target).href, uploaded: true };
  }

  private async readIndex(indexPath: string): Promise<IndexEntry | undefined> {
    let text: string;
    try {
      text = await readFile(indexPath, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<IndexEntry>;
    return typeof parsed.file === 'string' && typeof parsed.idempotencyKey === 'string'
      ? (parsed as IndexEntry)
      : undefined;
  }
}

/**
 * One path segment that stays inside the root: separators and other characters that are unsafe on some filesystem
 * are replaced, and `.`/`..` (or any leading dot, which would hide the file) are refused outright.
 */
function safeSegment(name: string): string {
  const cleaned = [...name.trim()]
    .map((character) => (character.charCodeAt(0) < 32 || '/\\:*?"<>|'.includes(character) ? '_' : character))
    .join('')
    .slice(0, 200);
  if (cleaned === '' || cleaned.startsWith('.')) {
    throw new NonRetryableStoreError(`Unusable file or folder name ${JSON.stringify(name)}`);
  }
  return cleaned;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
