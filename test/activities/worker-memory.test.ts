/**
 * The worker people run (`npm run worker`, `npm start`, the image) holds 250 workflows with a 512 MiB heap limit, the
 * settings the benchmark held 10,000 parked leads with under 1 GiB, and says so as it starts.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeMemory, WORKER_HEAP_MB } from '../../worker/memory';
import { testKeyEntry } from '../support/codec';

const ROOT = path.resolve(__dirname, '..', '..');
const MiB = 1024 ** 2;

/** worker/main.ts as a process of its own, against a port nobody listens on: it prints its setup, then fails. */
async function workerStartLines(nodeFlags: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const run = promisify(execFile)(
    process.execPath,
    [...nodeFlags, '--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        PAYLOAD_KEYS: testKeyEntry(),
        METRICS_PORT: 'off',
        ...env,
      },
    },
  );
  const failed = await run.then(
    () => undefined,
    (error: { stdout: string }) => error,
  );
  if (!failed) throw new Error('the worker started without a server');
  return failed.stdout;
}

test('the worker started with the heap flag names its cache and heap limit', async () => {
  const lines = await workerStartLines([`--max-old-space-size=${WORKER_HEAP_MB}`], {});
  expect(lines).toMatch(
    /^Memory: {3}workflow cache 250 workflows \(MAX_CACHED_WORKFLOWS\), heap limit \d+ MiB \(--max-old-space-size=512\)$/m,
  );
});

test('MAX_CACHED_WORKFLOWS still sets the cache', async () => {
  const lines = await workerStartLines([], { MAX_CACHED_WORKFLOWS: '0' });
  expect(lines).toContain('Memory:   no workflow cache (MAX_CACHED_WORKFLOWS), heap limit');
});

test.each([
  [{ execArgv: ['--max-old-space-size=512'] }, 'heap limit 560 MiB (--max-old-space-size=512)'],
  [{ execArgv: [], nodeOptions: '--max-old-space-size=1024' }, '(--max-old-space-size=1024 in NODE_OPTIONS)'],
  [{ execArgv: ['--max-old-space-size=512'], nodeOptions: '--max-old-space-size=1024' }, '(--max-old-space-size=512)'],
  [{ execArgv: [] }, "(Node's default for this machine; `npm run worker` sets --max-old-space-size=512)"],
])('with node flags %j the heap limit reads %s', (flags, expected) => {
  expect(describeMemory(250, flags, 560 * MiB)).toContain(expected);
});

test('npm run worker, npm start and the image give node the heap limit', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const flag = `--max-old-space-size=${WORKER_HEAP_MB}`;
  expect(manifest.scripts.worker).toContain(flag);
  expect(manifest.scripts.start).toContain(flag);
  expect(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toContain(`"${flag}"`);
});
