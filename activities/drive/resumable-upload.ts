import type { Readable } from 'node:stream';
import type { Auth, drive_v3 } from 'googleapis';
import { classifyDriveFailure, classifyThrownDriveError } from './drive-failures';

/** What the upload needs from an auth client: googleapis' `GoogleAuth` and `OAuth2Client` both fit. */
export interface AuthorizedRequester {
  request<T>(options: Auth.gaxios.GaxiosOptions): Promise<Auth.gaxios.GaxiosResponse<T>>;
}

export interface ResumableUploadRequest {
  auth: AuthorizedRequester;
  /** e.g. `https://www.googleapis.com/` */
  rootUrl: string;
  metadata: drive_v3.Schema$File;
  /** Fields of the created file to return, e.g. `id,webViewLink`. */
  fields: string;
  body: Readable;
  contentType: string;
  totalBytes: number | undefined;
  /** Bytes per PUT; a multiple of 256 KiB, as Drive requires for every chunk but the last. */
  chunkSize: number;
  requestTimeoutMs: number;
  onProgress?: (bytesSent: number, totalBytes: number | undefined) => void;
  signal?: AbortSignal;
}

const quantum = 256 * 1024;

/**
 * Drive's resumable upload protocol (https://developers.google.com/drive/api/guides/manage-uploads#resumable),
 * which googleapis itself does not implement (it only does `multipart` and `media`, in a single request).
 *
 * 1. POST the metadata to `upload/drive/v3/files?uploadType=resumable`: the reply's Location is a session URI.
 * 2. PUT the bytes in chunks with `Content-Range: bytes a-b/total` (`/*` while the total is unknown, as for an HTTP
 *    source without Content-Length). Drive replies 308 with the Range it has committed until the last chunk, which
 *    gets 200/201 and the file resource.
 *
 * Chunking keeps memory bounded by one chunk, gives real progress (bytes Drive acknowledged, not bytes buffered by
 * the socket) and means a file is created only when its last byte arrives: an attempt that dies half-way leaves no
 * partial file behind, just an abandoned session that Drive expires after a week.
 */
export async function resumableUpload(request: ResumableUploadRequest): Promise<drive_v3.Schema$File> {
  if (request.chunkSize <= 0 || request.chunkSize % quantum !== 0) {
    throw new RangeError(`chunkSize must be a positive multiple of ${quantum} bytes`);
  }
  const sessionUri = await startSession(request);
  request.onProgress?.(0, request.totalBytes);

  let offset = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of request.body as AsyncIterable<Buffer | string>) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    pending.push(bytes);
    pendingBytes += bytes.length;
    // Strictly more than one chunk buffered means this chunk is certainly not the last one, so it can be sent
    // without knowing the total yet.
    while (pendingBytes > request.chunkSize) {
      const joined = Buffer.concat(pending, pendingBytes);
      const chunk = joined.subarray(0, request.chunkSize);
      pending = [joined.subarray(request.chunkSize)];
      pendingBytes -= request.chunkSize;
      offset = await putIntermediateChunk(request, sessionUri, chunk, offset);
    }
  }

  const last = Buffer.concat(pending, pendingBytes);
  const total = offset + last.length;
  if (request.totalBytes !== undefined && request.totalBytes !== total) {
    throw new Error(`The recording changed while uploading: expected ${request.totalBytes} bytes, read ${total}`);
  }
  const file = await putFinalChunk(request, sessionUri, last, offset, total);
  request.onProgress?.(total, total);
  return file;
}

async function startSession(request: ResumableUploadRequest): Promise<string> {
  const url = new URL('upload/drive/v3/files', request.rootUrl);
  url.searchParams.set('uploadType', 'resumable');
  url.searchParams.set('supportsAllDrives', 'true');
  url.searchParams.set('fields', request.fields);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=UTF-8',
    'X-Upload-Content-Type': request.contentType,
  };
  if (request.totalBytes !== undefined) headers['X-Upload-Content-Length'] = String(request.totalBytes);
  const response = await send<unknown>(request, { url: url.href, method: 'POST', headers, data: request.metadata });
  if (response.status !== 200 && response.status !== 201) {
    throw classifyDriveFailure('Starting the resumable upload', response.status, response.data);
  }
  const location = response.headers.get('location');
  if (!location) throw new Error('Drive started a resumable upload without returning its session URI');
  return location;
}

/** Sends one non-final chunk, resending any tail Drive did not commit; returns the new committed offset. */
async function putIntermediateChunk(
  request: ResumableUploadRequest,
  sessionUri: string,
  chunk: Buffer,
  offset: number,
): Promise<number> {
  const end = offset + chunk.length;
  let committed = offset;
  while (committed < end) {
    const part = chunk.subarray(committed - offset);
    const total = request.totalBytes === undefined ? '*' : String(request.totalBytes);
    const response = await send<unknown>(request, {
      url: sessionUri,
      method: 'PUT',
      headers: { 'Content-Range': `bytes ${committed}-${end - 1}/${total}`, 'Content-Type': request.contentType },
      data: part,
    });
    if (response.status !== 308) {
      throw classifyDriveFailure('Uploading a chunk of the recording', response.status, response.data, {
        uploadSession: true,
      });
    }
    const acknowledged = committedBytes(response.headers.get('range'));
    if (acknowledged <= committed) {
      throw new Error(`Drive did not accept any bytes of the chunk starting at ${committed}`);
    }
    committed = acknowledged;
    request.onProgress?.(committed, request.totalBytes);
  }
  return committed;
}

async function putFinalChunk(
  request: ResumableUploadRequest,
  sessionUri: string,
  chunk: Buffer,
  offset: number,
  total: number,
): Promise<drive_v3.Schema$File> {
  const range = chunk.length === 0 ? `bytes */${total}` : `bytes ${offset}-${total - 1}/${total}`;
  const response = await send<drive_v3.Schema$File>(request, {
    url: sessionUri,
    method: 'PUT',
    headers: { 'Content-Range': range, 'Content-Type': request.contentType },
    data: chunk,
  });
  if (response.status !== 200 && response.status !== 201) {
    // A 308 here means Drive lost bytes it had acknowledged: restarting the whole attempt is the safe answer.
    throw classifyDriveFailure('Finishing the upload of the recording', response.status, response.data, {
      uploadSession: true,
    });
  }
  return response.data;
}

/** `bytes=0-524287` → 524288; no header means nothing committed yet. */
function committedBytes(range: string | null): number {
  const match = range ? /bytes=\d+-(\d+)/.exec(range) : null;
  return match ? Number(match[1]) + 1 : 0;
}

async function send<T>(
  request: ResumableUploadRequest,
  options: Pick<Auth.gaxios.GaxiosOptions, 'url' | 'method' | 'headers' | 'data'>,
): Promise<Auth.gaxios.GaxiosResponse<T>> {
  try {
    return await request.auth.request<T>({
      ...options,
      signal: request.signal,
      timeout: request.requestTimeoutMs,
      responseType: 'json',
      // Statuses are interpreted here (308 is the normal reply to a chunk); retrying is Temporal's job, and a blind
      // library retry of a chunk could not know which bytes Drive already has.
      validateStatus: () => true,
      retry: false,
      fetchImplementation: fetch,
    });
  } catch (error) {
    // No reply at all (network, timeout, abort) or no access token (credentials could not be loaded or refreshed).
    throw classifyThrownDriveError('Uploading the recording', error);
  }
}
