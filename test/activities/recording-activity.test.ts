import { CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GoogleDriveStore } from '../../activities/drive/google-drive-store';
import { RecordingSources } from '../../common/recording-sources';
import type { StoredRecording } from '../../activities/drive/port';
import { createStoreMeetingRecording, type UploadProgress } from '../../activities/recording';
import { startDrivePeer, tokenAuth, type DrivePeer } from './peers/drive-peer';

const CHUNK = 256 * 1024;
let drive: DrivePeer;
let dir: string;
let slowSource: Server;
let slowUrl: string;

// A Drive, a folder and a stalling source of their own for every test.
beforeEach(async () => {
  drive = await startDrivePeer({ token: 'activity-token', parentFolderId: 'recordings' });
  dir = await mkdtemp(path.join(tmpdir(), 'recording-activity-'));
  // A recording server that sends one chunk and then stalls, as a dying download would.
  slowSource = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(4 * CHUNK) });
    response.write(Buffer.alloc(CHUNK));
  });
  await new Promise<void>((resolve) => slowSource.listen(0, '127.0.0.1', resolve));
  slowUrl = `http://127.0.0.1:${(slowSource.address() as AddressInfo).port}/stalled.mp4`;
});

afterEach(async () => {
  slowSource.closeAllConnections();
  await new Promise<void>((resolve) => slowSource.close(() => resolve()));
  await drive.close();
  await rm(dir, { recursive: true, force: true });
});

function storeMeetingRecording() {
  const recordingSources = new RecordingSources({ folder: dir, allowedHosts: ['127.0.0.1'] });
  const recordings = new GoogleDriveStore({
    sources: recordingSources,
    auth: tokenAuth('activity-token'),
    parentFolderId: 'recordings',
    rootUrl: drive.rootUrl,
    chunkSize: CHUNK,
  });
  return createStoreMeetingRecording({ recordings, recordingSources });
}

test('heartbeats report the upload progress, chunk by chunk, up to the whole file', async () => {
  const source = path.join(dir, 'review.mp4');
  await writeFile(source, Buffer.alloc(2 * CHUNK + 1000, 1));
  const env = new MockActivityEnvironment();
  const beats: UploadProgress[] = [];
  env.on('heartbeat', (details: UploadProgress) => beats.push(details));

  const stored: StoredRecording = await env.run(storeMeetingRecording(), {
    idempotencyKey: 'lead-x/meeting-1/recording',
    source,
    clientFolder: 'hedera',
    fileName: 'review.mp4',
  });

  expect(stored.uploaded).toBe(true);
  expect(beats.length).toBeGreaterThanOrEqual(3);
  expect(beats.at(-1)).toEqual({ bytesSent: 2 * CHUNK + 1000, totalBytes: 2 * CHUNK + 1000 });
  expect(beats.map((beat) => beat.bytesSent)).toEqual([...beats.map((beat) => beat.bytesSent)].sort((a, b) => a - b));
});

test('cancelling the activity aborts a stalled transfer and reports it as cancelled, leaving no file', async () => {
  const env = new MockActivityEnvironment();
  env.on('heartbeat', () => env.cancel());
  const running = env.run(storeMeetingRecording(), {
    idempotencyKey: 'lead-x/meeting-2/recording',
    source: slowUrl,
    clientFolder: 'hedera',
    fileName: 'stalled.mp4',
  });
  await expect(running).rejects.toBeInstanceOf(CancelledFailure);
  expect(drive.filesNamed('stalled.mp4')).toEqual([]);
});

test('a missing recording fails at once as non-retryable, naming the file', async () => {
  const env = new MockActivityEnvironment();
  const failure = await env
    .run(storeMeetingRecording(), {
      idempotencyKey: 'lead-x/meeting-3/recording',
      source: path.join(dir, 'nowhere.mp4'),
      clientFolder: 'hedera',
      fileName: 'nowhere.mp4',
    })
    .catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ nonRetryable: true, message: expect.stringContaining('nowhere.mp4') });
});
