import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { NonRetryableStoreError } from './errors';

export interface OpenedSource {
  stream: Readable;
  /** Unknown for HTTP sources served without Content-Length. */
  totalBytes: number | undefined;
  contentType: string;
}

/**
 * Opens a recording given as a local path, a `file://` URL, or an http(s) URL, as a byte stream.
 * Nothing is buffered: recordings are often gigabytes.
 */
export async function openRecordingSource(source: string, signal?: AbortSignal): Promise<OpenedSource> {
  if (/^https?:\/\//i.test(source)) return openHttp(source, signal);
  const file = source.startsWith('file://') ? fileURLToPath(source) : source;
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new NonRetryableStoreError(`Recording source ${file} is not a regular file`);
    size = info.size;
  } catch (error) {
    if (error instanceof NonRetryableStoreError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') {
      throw new NonRetryableStoreError(`Recording source ${file} cannot be read (${String(code)})`);
    }
    throw error;
  }
  return { stream: createReadStream(file, { signal }), totalBytes: size, contentType: contentTypeFor(file) };
}

async function openHttp(url: string, signal?: AbortSignal): Promise<OpenedSource> {
  // Only the origin and path go into messages: signed download URLs carry credentials in their query string.
  const shown = redactedUrl(url);
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`Could not download the recording from ${shown}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const message = `Downloading the recording from ${shown} failed with HTTP ${response.status}`;
    // An expired or wrong link stays wrong; 408, 429 and 5xx may clear up.
    const permanent = response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
    if (permanent) throw new NonRetryableStoreError(message, response.status);
    throw new Error(message);
  }
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const declaredType = response.headers.get('content-type')?.split(';')[0]?.trim();
  return {
    stream: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    totalBytes: Number.isInteger(length) && length >= 0 ? length : undefined,
    contentType:
      declaredType && declaredType !== 'application/octet-stream'
        ? declaredType
        : contentTypeFor(new URL(url).pathname),
  };
}

const contentTypes: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.vtt': 'text/vtt',
  '.txt': 'text/plain',
};

export function contentTypeFor(fileName: string): string {
  return contentTypes[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
