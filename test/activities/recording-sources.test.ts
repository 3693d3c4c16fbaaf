import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalFolderStore } from '../../activities/drive/local-folder-store';
import type { StoredRecording } from '../../activities/drive/port';
import { RecordingSources } from '../../common/recording-sources';
import { createStoreMeetingRecording } from '../../activities/recording';
import { runCli } from '../../client/cli';

/** A worker's view: a recordings folder, a local drive, and a secret file beside them that must never be copied. */
async function workerFolders(allowedHosts: string[] = []) {
  const dir = await mkdtemp(path.join(tmpdir(), 'recording-sources-'));
  const recordings = path.join(dir, 'recordings');
  const drive = path.join(dir, 'drive');
  await mkdir(recordings);
  const secret = path.join(dir, 'worker.env');
  await writeFile(secret, 'SMTP_PASSWORD=hunter2\n');
  const recordingSources = new RecordingSources({ folder: recordings, allowedHosts });
  const activity = createStoreMeetingRecording({
    recordingSources,
    recordings: new LocalFolderStore({ root: drive, sources: recordingSources }),
  });
  const store = (source: string, key = 'lead-1/meeting-1/recording'): Promise<StoredRecording> =>
    new MockActivityEnvironment().run(activity, {
      idempotencyKey: key,
      source,
      clientFolder: 'hedera',
      fileName: 'intro.mp4',
    });
  /** Every file that reached the drive, by path relative to it. */
  const copied = async (): Promise<string[]> =>
    (await readdir(drive, { recursive: true, withFileTypes: true }).catch(() => []))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(drive, path.join(entry.parentPath, entry.name)))
      .filter((name) => !name.startsWith('.index'));
  return { dir, recordings, drive, secret, store, copied, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function failureOf(work: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(error)}`);
  return error;
}

async function httpServer(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the recording activity reads only allowed sources', () => {
  test('copies a file inside the recordings folder, also through a symlink that stays inside', async () => {
    const worker = await workerFolders();
    try {
      await writeFile(path.join(worker.recordings, 'intro.mp4'), 'an hour of video');
      await symlink(path.join(worker.recordings, 'intro.mp4'), path.join(worker.recordings, 'latest.mp4'));
      const stored = await worker.store(path.join(worker.recordings, 'latest.mp4'));
      expect(await readFile(fileURLToPath(stored.webLink), 'utf8')).toBe('an hour of video');
      // A relative path is taken inside the recordings folder, not the worker's working directory.
      const again = await worker.store('intro.mp4', 'lead-1/meeting-2/recording');
      expect(again.uploaded).toBe(true);
    } finally {
      await worker.cleanup();
    }
  });

  test.each([
    ['the worker environment through /proc', () => '/proc/self/environ'],
    ['a file beside the folder, by absolute path', (w: { secret: string }) => w.secret],
    ['a .. escape', (w: { recordings: string }) => path.join(w.recordings, '..', 'worker.env')],
    ['a relative .. escape', () => '../worker.env'],
    ['/etc/passwd', () => '/etc/passwd'],
  ])('refuses %s, non-retryably, and copies nothing', async (_name, source) => {
    const worker = await workerFolders();
    try {
      const failure = await failureOf(worker.store(source(worker)));
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toContain(`outside the recordings folder ${worker.recordings}`);
      expect(failure.message).not.toContain('hunter2');
      expect(await worker.copied()).toEqual([]);
    } finally {
      await worker.cleanup();
    }
  });

  test('refuses a symlink inside the folder that leads out of it', async () => {
    const worker = await workerFolders();
    try {
      await symlink(worker.secret, path.join(worker.recordings, 'innocent.mp4'));
      await symlink('/proc/self', path.join(worker.recordings, 'self'));
      for (const link of ['innocent.mp4', 'self/environ']) {
        const failure = await failureOf(worker.store(path.join(worker.recordings, link)));
        expect(failure).toMatchObject({
          nonRetryable: true,
          message: expect.stringContaining('outside the recordings'),
        });
      }
      expect(await worker.copied()).toEqual([]);
    } finally {
      await worker.cleanup();
    }
  });

  test('refuses other URL schemes, and hosts off the allow-list without contacting them', async () => {
    const internal = await httpServer((_request, response) => response.end('instance credentials'));
    const worker = await workerFolders(['recordings.example.com']);
    try {
      for (const [source, expected] of [
        ['ftp://example.com/intro.mp4', 'ftp: URLs are not accepted'],
        [`file://${worker.secret}`, 'file: URLs are not accepted'],
        [`http://${internal.host}/latest/meta-data`, `${internal.host} is not on the allow-list`],
      ]) {
        const failure = await failureOf(worker.store(source));
        expect(failure).toMatchObject({ nonRetryable: true, message: expect.stringContaining(expected) });
      }
      expect(internal.requests).toEqual([]);
      expect(await worker.copied()).toEqual([]);
    } finally {
      await Promise.all([worker.cleanup(), internal.close()]);
    }
  });

  test('downloads from an allowed host, but refuses its redirect to a host off the list', async () => {
    const internal = await httpServer((_request, response) => response.end('instance credentials'));
    const allowed = await httpServer((request, response) => {
      if (request.url === '/bounce.mp4') {
        response.writeHead(302, { location: `http://${internal.host}/secret` }).end();
      } else if (request.url === '/moved.mp4') {
        response.writeHead(301, { location: '/intro.mp4' }).end();
      } else {
        response.writeHead(200, { 'content-type': 'video/mp4' }).end('video bytes');
      }
    });
    const worker = await workerFolders([allowed.host]);
    try {
      const stored = await worker.store(`http://${allowed.host}/moved.mp4`);
      expect(await readFile(fileURLToPath(stored.webLink), 'utf8')).toBe('video bytes');

      const failure = await failureOf(worker.store(`http://${allowed.host}/bounce.mp4`, 'lead-1/meeting-2/recording'));
      expect(failure).toMatchObject({ nonRetryable: true, message: expect.stringContaining('redirected elsewhere') });
      expect(internal.requests).toEqual([]);
    } finally {
      await Promise.all([worker.cleanup(), internal.close(), allowed.close()]);
    }
  });
});

describe('partial copies', () => {
  test('a copy cut off by a killed worker leaves no .part file once the retry has run', async () => {
    const video = randomBytes(512 * 1024);
    let requests = 0;
    // The first download sends a little and then hangs, as a long copy would when the worker dies; later ones finish.
    const source = await httpServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.length) });
      if (requests === 1) response.write(video.subarray(0, 64 * 1024));
      else response.end(video);
    });
    const worker = await workerFolders([source.host]);
    try {
      const job = {
        root: worker.drive,
        folder: worker.recordings,
        allowedHosts: [source.host],
        source: `http://${source.host}/intro.mp4`,
        clientFolder: 'hedera',
        fileName: 'intro.mp4',
        idempotencyKey: 'lead-1/meeting-1/recording',
      };
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, 'children', 'copy-recording.ts'), JSON.stringify(job)],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      // Killed once the partial copy is on disk with some of the recording in it: the copy is under way.
      const hedera = path.join(worker.drive, 'hedera');
      const partWritten = async () => {
        for (const name of await readdir(hedera).catch(() => [] as string[])) {
          if (name.endsWith('.part') && (await stat(path.join(hedera, name))).size > 0) return true;
        }
        return false;
      };
      for (let attempt = 0; attempt < 200 && child.exitCode === null && !(await partWritten()); attempt++) {
        await sleep(50);
      }
      expect(child.exitCode).toBeNull();
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect((await readdir(path.join(worker.drive, 'hedera'))).some((name) => name.endsWith('.part'))).toBe(true);

      const stored = await worker.store(job.source);
      expect((await readFile(fileURLToPath(stored.webLink))).equals(video)).toBe(true);
      expect(await readdir(path.join(worker.drive, 'hedera'))).toEqual(['intro.mp4']);
    } finally {
      await Promise.all([worker.cleanup(), source.close()]);
    }
  });
});

describe('the CLI checks a recording before the workflow sees it', () => {
  async function meetingDone(recording: string, env: NodeJS.ProcessEnv) {
    let stderr = '';
    let connected = false;
    const code = await runCli(
      ['meeting-done', 'ana@acme.example', '--title', 'Intro', '--by', 'sam@example.com', '--next-step', 'Call'].concat(
        ['--recording', recording],
      ),
      {
        io: { stdout: () => {}, stderr: (text) => void (stderr += text), readStdin: async () => '' },
        env,
        connect: async () => {
          connected = true;
          throw new Error('no server in this test');
        },
      },
    );
    return { code, stderr, connected };
  }

  test.each([
    ['/proc/self/environ', 'outside the recordings folder'],
    ['ftp://example.com/intro.mp4', 'ftp: URLs are not accepted'],
    ['file:///etc/passwd', 'file: URLs are not accepted'],
    ['https://169.254.169.254/latest', '169.254.169.254 is not on the allow-list'],
  ])('refuses %s with exit 2, without contacting Temporal', async (recording, expected) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cli-recordings-'));
    try {
      const result = await meetingDone(recording, { RECORDING_SOURCE_DIR: dir, RECORDING_SOURCE_HOSTS: 'zoom.us' });
      expect(result).toMatchObject({ code: 2, connected: false });
      expect(result.stderr).toContain('recording');
      expect(result.stderr).toContain(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('passes an allowed file or URL on to the workflow', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cli-recordings-'));
    try {
      await writeFile(path.join(dir, 'intro.mp4'), 'video');
      const env = { RECORDING_SOURCE_DIR: dir, RECORDING_SOURCE_HOSTS: 'zoom.us' };
      for (const recording of [path.join(dir, 'intro.mp4'), 'https://zoom.us/rec/share/abc']) {
        // Reaching the (absent) server means the recording passed the check.
        expect(await meetingDone(recording, env)).toMatchObject({ code: 1, connected: true });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
