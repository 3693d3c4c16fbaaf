import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NonRetryableStoreError } from '../../common/store-errors';
import { LocalFolderStore } from '../../activities/drive/local-folder-store';
import { RecordingSources } from '../../common/recording-sources';

const sourcesIn = (folder: string) => new RecordingSources({ folder, allowedHosts: [] });

describe('LocalFolderStore', () => {
  let workDir: string;
  let source: string;
  let recording: Buffer;
  let store: LocalFolderStore;

  // A folder of its own for every test: what one test copied is never there for the next.
  beforeEach(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'local-drive-'));
    recording = randomBytes(300 * 1024);
    source = path.join(workDir, 'zoom-export.mp4');
    await writeFile(source, recording);
    store = new LocalFolderStore({ root: path.join(workDir, 'drive'), sources: sourcesIn(workDir) });
  });

  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  const request = {
    clientFolder: 'hedera',
    fileName: '2026-01-05 Intro call.mp4',
    idempotencyKey: 'lead-1:recording',
  };

  it('copies the recording into <root>/<client>/<file> and links to it', async () => {
    const progress: number[] = [];
    const stored = await store.storeRecording({ ...request, source, onProgress: (sent) => progress.push(sent) });

    expect(stored).toMatchObject({ uploaded: true, fileId: 'hedera/2026-01-05 Intro call.mp4' });
    const copied = fileURLToPath(stored.webLink);
    expect(copied).toBe(path.join(workDir, 'drive', 'hedera', '2026-01-05 Intro call.mp4'));
    expect((await readFile(copied)).equals(recording)).toBe(true);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(recording.length);
    expect((await readdir(path.join(workDir, 'drive', 'hedera'))).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('does not copy again for the same idempotency key, even from a new store or a vanished source', async () => {
    await expect(store.storeRecording({ ...request, source })).resolves.toMatchObject({ uploaded: true });
    const again = await new LocalFolderStore({
      root: path.join(workDir, 'drive'),
      sources: sourcesIn(workDir),
    }).storeRecording({
      ...request,
      source: path.join(workDir, 'already-cleaned-up.mp4'),
    });
    expect(again).toMatchObject({ uploaded: false, fileId: 'hedera/2026-01-05 Intro call.mp4' });
    expect(await readdir(path.join(workDir, 'drive', 'hedera'))).toEqual(['2026-01-05 Intro call.mp4']);
  });

  it('copies again when the earlier copy was deleted', async () => {
    const copy = path.join(workDir, 'drive', 'hedera', '2026-01-05 Intro call.mp4');
    await expect(store.storeRecording({ ...request, source })).resolves.toMatchObject({ uploaded: true });
    await rm(copy);
    await expect(store.storeRecording({ ...request, source })).resolves.toMatchObject({ uploaded: true });
    expect((await readFile(copy)).equals(recording)).toBe(true);
  });

  it('keeps names inside the root', async () => {
    const stored = await store.storeRecording({
      source,
      clientFolder: 'acme/../../etc',
      fileName: 'a/b.mp4',
      idempotencyKey: 'lead-2:recording',
    });
    expect(fileURLToPath(stored.webLink).startsWith(path.join(workDir, 'drive') + path.sep)).toBe(true);
    await expect(
      store.storeRecording({ source, clientFolder: '../..', fileName: 'x.mp4', idempotencyKey: 'lead-3:recording' }),
    ).rejects.toThrow(NonRetryableStoreError);
  });

  it('reports a missing source as non-retryable', async () => {
    await expect(
      store.storeRecording({ ...request, idempotencyKey: 'lead-4:recording', source: path.join(workDir, 'nope.mp4') }),
    ).rejects.toThrow(NonRetryableStoreError);
  });
});
