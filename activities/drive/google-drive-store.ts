import { createHash } from 'node:crypto';
import { google, type Auth, type drive_v3 } from 'googleapis';
import { classifyThrownDriveError } from './drive-failures';
import type { RecordingStore, StoreRecordingRequest, StoredRecording } from './port';
import type { RecordingSources } from '../../common/recording-sources';
import { resumableUpload } from './resumable-upload';

export interface GoogleDriveStoreOptions {
  /** From createDriveAuth() in production; tests pass an OAuth2Client holding a fixed access token. */
  auth: Auth.GoogleAuth | Auth.OAuth2Client;
  /** The shared folder holding one subfolder per client. */
  parentFolderId: string;
  /** Where recordings may be read from: a folder and an allow-list of download hosts. */
  sources: RecordingSources;
  /** Drive's API root, `https://www.googleapis.com/` by default; a loopback server in tests. */
  rootUrl?: string;
  /** Bytes per upload request: a multiple of 256 KiB. Default 8 MiB. */
  chunkSize?: number;
  /** Per HTTP request (one chunk), not for the whole upload. Default 5 minutes. */
  requestTimeoutMs?: number;
}

const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';
const IDEMPOTENCY_PROPERTY = 'idempotencyKey';
const FILE_FIELDS = 'id,name,webViewLink';

/**
 * Keeps meeting recordings in Google Drive, under `<parent folder>/<client folder>/<file name>`.
 *
 * Idempotency: every uploaded file carries the request's idempotency key as a private app property, and a Drive
 * search for that property runs before anything is uploaded. Since a resumable upload only creates the file when
 * its last byte arrives, any failed attempt leaves nothing behind, and an attempt whose reply was lost after
 * success is found by the next attempt's search: a retried activity never produces a second copy.
 */
export class GoogleDriveStore implements RecordingStore {
  private readonly drive: drive_v3.Drive;
  private readonly rootUrl: string;

  constructor(private readonly options: GoogleDriveStoreOptions) {
    this.rootUrl = withTrailingSlash(options.rootUrl ?? 'https://www.googleapis.com/');
    this.drive = google.drive({
      version: 'v3',
      auth: options.auth,
      rootUrl: this.rootUrl,
      // Node's own fetch: gaxios otherwise loads node-fetch through a dynamic import(), which fails inside VM
      // sandboxes such as Jest's, and would give this adapter a second HTTP stack to reason about.
      fetchImplementation: fetch,
    });
  }

  async storeRecording(request: StoreRecordingRequest): Promise<StoredRecording> {
    const { signal } = request;
    const key = idempotencyValue(request.idempotencyKey);
    const existing = await this.findFile(
      `appProperties has { key='${IDEMPOTENCY_PROPERTY}' and value='${escapeQuery(key)}' } and trashed = false`,
      'Looking for an earlier upload of the recording',
      signal,
    );
    if (existing?.id) return { fileId: existing.id, webLink: webLinkOf(existing), uploaded: false };

    // Opened before touching Drive: a missing recording fails fast, without creating an empty client folder.
    const source = await this.options.sources.open(request.source, signal);
    try {
      const folderId = await this.ensureClientFolder(request.clientFolder, signal);
      const file = await resumableUpload({
        auth: this.options.auth,
        rootUrl: this.rootUrl,
        metadata: {
          name: request.fileName,
          parents: [folderId],
          mimeType: source.contentType,
          appProperties: { [IDEMPOTENCY_PROPERTY]: key },
        },
        fields: FILE_FIELDS,
        body: source.stream,
        contentType: source.contentType,
        totalBytes: source.totalBytes,
        chunkSize: this.options.chunkSize ?? 8 * 1024 * 1024,
        requestTimeoutMs: this.options.requestTimeoutMs ?? 5 * 60_000,
        onProgress: request.onProgress,
        signal,
      });
      if (!file.id) throw new Error('Drive finished the upload without returning the file id');
      return { fileId: file.id, webLink: webLinkOf(file), uploaded: true };
    } finally {
      source.stream.destroy();
    }
  }

  /** The client's subfolder, created when missing. */
  private async ensureClientFolder(name: string, signal: AbortSignal | undefined): Promise<string> {
    const parent = escapeQuery(this.options.parentFolderId);
    const query =
      `name = '${escapeQuery(name)}' and mimeType = '${FOLDER_MIME_TYPE}' and '${parent}' in parents ` +
      'and trashed = false';
    const found = await this.findFile(query, `Looking for the client folder "${name}"`, signal);
    if (found?.id) return found.id;
    try {
      const created = await this.drive.files.create(
        {
          requestBody: { name, mimeType: FOLDER_MIME_TYPE, parents: [this.options.parentFolderId] },
          fields: 'id',
          supportsAllDrives: true,
        },
        { signal },
      );
      if (!created.data.id) throw new Error('Drive created the client folder without returning its id');
      return created.data.id;
    } catch (error) {
      // 404 here means the parent folder does not exist or is not shared with us: NonRetryableStoreError.
      throw classifyThrownDriveError(`Creating the client folder "${name}"`, error);
    }
  }

  private async findFile(
    query: string,
    action: string,
    signal: AbortSignal | undefined,
  ): Promise<drive_v3.Schema$File | undefined> {
    try {
      const response = await this.drive.files.list(
        {
          q: query,
          fields: `files(${FILE_FIELDS})`,
          // Oldest first: if two workers ever raced to create the same folder, everyone converges on one of them.
          orderBy: 'createdTime',
          pageSize: 1,
          // The parent folder may live in a shared drive; without these, its files are invisible to the search.
          corpora: 'allDrives',
          includeItemsFromAllDrives: true,
          supportsAllDrives: true,
        },
        { signal },
      );
      return response.data.files?.[0];
    } catch (error) {
      throw classifyThrownDriveError(action, error);
    }
  }
}

/**
 * Drive limits an app property to 124 bytes for key and value together: long keys are replaced by their hash,
 * which is just as deterministic.
 */
function idempotencyValue(key: string): string {
  if (Buffer.byteLength(key) + IDEMPOTENCY_PROPERTY.length <= 124) return key;
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** Drive query strings are single-quoted; backslash and quote are escaped with a backslash. */
function escapeQuery(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

function webLinkOf(file: drive_v3.Schema$File): string {
  return file.webViewLink ?? `https://drive.google.com/file/d/${encodeURIComponent(file.id ?? '')}/view`;
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
