import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NonRetryableStoreError } from '../../common/store-errors';
import { GoogleDriveStore } from '../../activities/drive/google-drive-store';
import { RecordingSources } from '../../common/recording-sources';
import { FOLDER_MIME_TYPE, startDrivePeer, tokenAuth, type DrivePeer } from './peers/drive-peer';

const KiB = 1024;
const CHUNK = 256 * KiB;
const PARENT = 'parent-folder';

describe('GoogleDriveStore against a loopback Drive v3', () => {
  let drive: DrivePeer;
  let workDir: string;
  let recordingPath: string;
  let recording: Buffer;
  let sourceServer: Server;
  let sourceUrl: string;
  let store: GoogleDriveStore;

  // A Drive, a recording and a source server of their own for every test: no test sees another's folders or files.
  beforeEach(async () => {
    drive = await startDrivePeer({ token: 'test-token', parentFolderId: PARENT });
    workDir = await mkdtemp(path.join(tmpdir(), 'drive-store-'));
    // Two full chunks and a partial one: exercises 308 replies, Range headers and the final Content-Range.
    recording = randomBytes(2 * CHUNK + 100 * KiB);
    recordingPath = path.join(workDir, 'meeting.mp4');
    await writeFile(recordingPath, recording);

    sourceServer = createServer((request, response) => {
      if (request.url === '/recording.mp4') {
        response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': recording.length }).end(recording);
      } else if (request.url === '/streamed.mp4') {
        // No Content-Length: the uploader must send `bytes a-b/*` until it reaches the end.
        response.writeHead(200, { 'Content-Type': 'video/mp4' });
        for (let offset = 0; offset < recording.length; offset += 100 * KiB) {
          response.write(recording.subarray(offset, offset + 100 * KiB));
        }
        response.end();
      } else {
        response.writeHead(404).end('gone');
      }
    });
    await new Promise<void>((resolve) => sourceServer.listen(0, '127.0.0.1', resolve));
    sourceUrl = `http://127.0.0.1:${(sourceServer.address() as AddressInfo).port}`;

    store = storeFor({});
  });

  afterEach(async () => {
    await drive.close();
    await new Promise<void>((resolve) => {
      sourceServer.closeAllConnections();
      sourceServer.close(() => resolve());
    });
    await rm(workDir, { recursive: true, force: true });
  });

  const storeFor = ({ token = 'test-token', parentFolderId = PARENT }: { token?: string; parentFolderId?: string }) =>
    new GoogleDriveStore({
      auth: tokenAuth(token),
      parentFolderId,
      rootUrl: drive.rootUrl,
      chunkSize: CHUNK,
      sources: new RecordingSources({ folder: workDir, allowedHosts: ['127.0.0.1'] }),
    });

  const clientFolders = (name: string) =>
    drive.filesNamed(name).filter((file) => file.mimeType === FOLDER_MIME_TYPE && file.parents.includes(PARENT));

  it('creates the client folder and uploads the exact bytes, resumably, with progress', async () => {
    const progress: [number, number | undefined][] = [];
    const stored = await store.storeRecording({
      source: recordingPath,
      clientFolder: 'hedera',
      fileName: '2026-01-05 Intro call.mp4',
      idempotencyKey: 'lead-1:recording:intro',
      onProgress: (sent, total) => progress.push([sent, total]),
    });

    expect(stored.uploaded).toBe(true);
    expect(stored.webLink).toBe(`https://drive.example.test/file/d/${stored.fileId}/view`);
    const [folder] = clientFolders('hedera');
    const file = drive.files.get(stored.fileId);
    expect(file?.parents).toEqual([folder.id]);
    expect(file?.name).toBe('2026-01-05 Intro call.mp4');
    expect(file?.mimeType).toBe('video/mp4');
    expect(file?.appProperties).toEqual({ idempotencyKey: 'lead-1:recording:intro' });
    expect(file?.content?.equals(recording)).toBe(true);

    const total = recording.length;
    expect(drive.contentRanges).toEqual([
      `bytes 0-${CHUNK - 1}/${total}`,
      `bytes ${CHUNK}-${2 * CHUNK - 1}/${total}`,
      `bytes ${2 * CHUNK}-${total - 1}/${total}`,
    ]);
    expect(progress).toEqual([
      [0, total],
      [CHUNK, total],
      [2 * CHUNK, total],
      [total, total],
    ]);
  });

  const intro = {
    clientFolder: 'hedera',
    fileName: '2026-01-05 Intro call.mp4',
    idempotencyKey: 'lead-1:recording:intro',
  };

  it('reuses the client folder for the next recording', async () => {
    const first = await store.storeRecording({ ...intro, source: recordingPath });
    const stored = await store.storeRecording({
      source: recordingPath,
      clientFolder: 'hedera',
      fileName: '2026-01-12 Follow-up.mp4',
      idempotencyKey: 'lead-1:recording:follow-up',
    });
    expect(clientFolders('hedera')).toHaveLength(1);
    expect(drive.files.get(first.fileId)?.parents).toEqual([clientFolders('hedera')[0].id]);
    expect(drive.files.get(stored.fileId)?.parents).toEqual([clientFolders('hedera')[0].id]);
  });

  it('returns the earlier file when retried after success, uploading nothing', async () => {
    const request = { ...intro, source: recordingPath };
    const first = await store.storeRecording(request);
    drive.requests.length = 0;
    const again = await store.storeRecording(request);

    expect(again.uploaded).toBe(false);
    expect(drive.filesNamed(request.fileName)).toHaveLength(1);
    expect(again.fileId).toBe(first.fileId);
    expect(again.webLink).toBe(first.webLink);
    expect(drive.requests).toEqual(['GET /drive/v3/files']);
  });

  it('throws a retryable error on a 5xx mid-upload, and the retry leaves exactly one file', async () => {
    const request = {
      source: recordingPath,
      clientFolder: 'campus',
      fileName: 'flaky.mp4',
      idempotencyKey: 'lead-2:recording',
    };
    drive.failUploadPut(2);
    const failure = await store.storeRecording(request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(NonRetryableStoreError);
    expect((failure as Error).message).toContain('HTTP 500');
    expect(drive.filesNamed('flaky.mp4')).toHaveLength(0);

    const retried = await store.storeRecording(request);
    expect(retried.uploaded).toBe(true);
    expect(drive.filesNamed('flaky.mp4')).toHaveLength(1);
    expect(drive.files.get(retried.fileId)?.content?.equals(recording)).toBe(true);
    expect(clientFolders('campus')).toHaveLength(1);
  });

  it('finds the file on retry when the reply to the last chunk was lost', async () => {
    const request = {
      source: recordingPath,
      clientFolder: 'campus',
      fileName: 'lost-reply.mp4',
      idempotencyKey: 'lead-3:recording',
    };
    drive.loseNextCompletionReply();
    await expect(store.storeRecording(request)).rejects.toThrow('HTTP 500');
    expect(drive.filesNamed('lost-reply.mp4')).toHaveLength(1);

    const retried = await store.storeRecording(request);
    expect(retried).toMatchObject({ uploaded: false, fileId: drive.filesNamed('lost-reply.mp4')[0].id });
    expect(drive.filesNamed('lost-reply.mp4')).toHaveLength(1);
  });

  it('streams a recording from an HTTP source with a Content-Length', async () => {
    const progress: number[] = [];
    const stored = await store.storeRecording({
      source: `${sourceUrl}/recording.mp4`,
      clientFolder: 'hedera',
      fileName: 'from-http.mp4',
      idempotencyKey: 'lead-4:recording',
      onProgress: (sent) => progress.push(sent),
    });
    expect(drive.files.get(stored.fileId)?.content?.equals(recording)).toBe(true);
    expect(progress.at(-1)).toBe(recording.length);
  });

  it('streams a recording from an HTTP source of unknown length', async () => {
    drive.contentRanges.length = 0;
    const progress: [number, number | undefined][] = [];
    const stored = await store.storeRecording({
      source: `${sourceUrl}/streamed.mp4`,
      clientFolder: 'hedera',
      fileName: 'streamed.mp4',
      idempotencyKey: 'lead-5:recording',
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    const file = drive.files.get(stored.fileId);
    expect(file?.content?.equals(recording)).toBe(true);
    expect(file?.mimeType).toBe('video/mp4');
    const total = recording.length;
    expect(drive.contentRanges).toEqual([
      `bytes 0-${CHUNK - 1}/*`,
      `bytes ${CHUNK}-${2 * CHUNK - 1}/*`,
      `bytes ${2 * CHUNK}-${total - 1}/${total}`,
    ]);
    expect(progress).toEqual([
      [0, undefined],
      [CHUNK, undefined],
      [2 * CHUNK, undefined],
      [total, total],
    ]);
  });

  it('uploads an empty recording', async () => {
    const empty = path.join(workDir, 'empty.mp4');
    await writeFile(empty, '');
    const stored = await store.storeRecording({
      source: empty,
      clientFolder: 'hedera',
      fileName: 'empty.mp4',
      idempotencyKey: 'lead-6:recording',
    });
    expect(drive.files.get(stored.fileId)?.content?.length).toBe(0);
  });

  it('escapes quotes in folder names', async () => {
    await store.storeRecording({
      source: recordingPath,
      clientFolder: "O'Brien \\ Academy",
      fileName: 'x.mp4',
      idempotencyKey: "lead-7:it's",
    });
    await store.storeRecording({
      source: recordingPath,
      clientFolder: "O'Brien \\ Academy",
      fileName: 'y.mp4',
      idempotencyKey: 'lead-7:second',
    });
    expect(clientFolders("O'Brien \\ Academy")).toHaveLength(1);
    await expect(
      store.storeRecording({
        source: '/nowhere/needed.mp4',
        clientFolder: "O'Brien \\ Academy",
        fileName: 'x.mp4',
        idempotencyKey: "lead-7:it's",
      }),
    ).resolves.toMatchObject({ uploaded: false });
  });

  it('stops when aborted, leaving no file', async () => {
    const controller = new AbortController();
    const failure = await store
      .storeRecording({
        source: recordingPath,
        clientFolder: 'hedera',
        fileName: 'aborted.mp4',
        idempotencyKey: 'lead-8:recording',
        signal: controller.signal,
        onProgress: (sent) => {
          if (sent >= CHUNK) controller.abort();
        },
      })
      .catch((error: unknown) => error);
    // Node's AbortError comes from outside Jest's realm, so it is recognised by name rather than instanceof.
    expect(failure).toMatchObject({ name: 'AbortError' });
    expect(drive.filesNamed('aborted.mp4')).toHaveLength(0);
  });

  it('reports a missing local file as non-retryable, before touching Drive', async () => {
    drive.requests.length = 0;
    const failure = await store
      .storeRecording({
        source: path.join(workDir, 'missing.mp4'),
        clientFolder: 'never-created',
        fileName: 'missing.mp4',
        idempotencyKey: 'lead-9:recording',
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NonRetryableStoreError);
    expect(clientFolders('never-created')).toHaveLength(0);
    expect(drive.requests.filter((request) => !request.startsWith('GET'))).toEqual([]);
  });

  it('reports an HTTP source that is gone as non-retryable', async () => {
    await expect(
      store.storeRecording({
        source: `${sourceUrl}/expired?signature=abc123`,
        clientFolder: 'hedera',
        fileName: 'gone.mp4',
        idempotencyKey: 'lead-10:recording',
      }),
    ).rejects.toThrow(NonRetryableStoreError);
    await expect(
      store.storeRecording({
        source: `${sourceUrl}/expired?signature=abc123`,
        clientFolder: 'hedera',
        fileName: 'gone.mp4',
        idempotencyKey: 'lead-10:recording',
      }),
    ).rejects.not.toThrow('abc123');
  });

  it('reports rejected credentials (401) as non-retryable', async () => {
    const badStore = storeFor({ token: 'expired-token' });
    const failure = await badStore
      .storeRecording({ source: recordingPath, clientFolder: 'hedera', fileName: 'a.mp4', idempotencyKey: 'k-401' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NonRetryableStoreError);
    expect((failure as NonRetryableStoreError).status).toBe(401);
    expect((failure as Error).message).not.toContain('expired-token');
  });

  it('reports a missing parent folder (404) as non-retryable', async () => {
    const orphanStore = storeFor({ parentFolderId: 'no-such-folder' });
    const failure = await orphanStore
      .storeRecording({ source: recordingPath, clientFolder: 'hedera', fileName: 'a.mp4', idempotencyKey: 'k-404' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NonRetryableStoreError);
    expect((failure as NonRetryableStoreError).status).toBe(404);
  });
});
