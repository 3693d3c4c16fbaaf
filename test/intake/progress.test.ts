/**
 * Long work says how far it has got: the first run's Go build of the Temporal CLI, and a large import under --json
 * (whose rows are printed only at the end).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { goInstallWithProgress } from '../../scripts/servers';
import { runCliWith } from '../support/cli';
import { startTimeSkippingServer } from '../support/servers';
import { testServer } from '../support/test-server';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'progress-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('go install reports modules downloaded and packages built while it runs, not only at the end', async () => {
  // Stands in for `go` only: prints what `go install -v` prints, slowly (a real build takes minutes).
  const go = path.join(dir, 'go');
  await writeFile(
    go,
    [
      '#!/bin/sh',
      'echo "go: downloading github.com/temporalio/cli v1.5.1" >&2',
      'echo "go: downloading go.temporal.io/server v1.29.1" >&2',
      'sleep 0.3',
      'for p in internal/abi runtime errors go.temporal.io/server/common github.com/temporalio/cli/cmd/temporal; do',
      '  echo "$p" >&2; sleep 0.2',
      'done',
    ].join('\n'),
  );
  await chmod(go, 0o755);
  const lines: string[] = [];
  const ok = await goInstallWithProgress(['example.com/x@v1'], {
    go,
    everyMs: 150,
    report: (line) => lines.push(line),
  });
  expect(ok).toBe(true);
  expect(lines[0]).toMatch(/^building the Temporal CLI: 2 modules downloaded, 0m00s$/);
  expect(lines.some((line) => /: [1-4] of about 1300 packages \(0%\), 0m0\ds$/.test(line))).toBe(true);
  // Counts only grow.
  const counts = lines.map((line) => Number(/(\d+) of about/.exec(line)?.[1] ?? 0));
  expect([...counts].sort((a, b) => a - b)).toEqual(counts);
});

test('a failed go install says why, with the errors go printed', async () => {
  const go = path.join(dir, 'go');
  await writeFile(go, '#!/bin/sh\necho "go: github.com/x@v9: invalid version" >&2\nexit 1\n');
  await chmod(go, 0o755);
  const lines: string[] = [];
  expect(await goInstallWithProgress(['x'], { go, report: (line) => lines.push(line) })).toBe(false);
  expect(lines).toEqual(['go: github.com/x@v9: invalid version']);
});

describe('import --json', () => {
  const server = testServer('shared', startTimeSkippingServer, 'import-progress');

  test('reports rows done on standard error as it goes, and the results on standard output at the end', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, index) => `Lead ${index},Org ${index},lead${index}.${Date.now()}@progress.example,org${index},website`,
    );
    const file = path.join(dir, 'leads.csv');
    await writeFile(file, ['name,organisation,email,label,source', ...rows].join('\n'));
    const run = await runCliWith(server.env.client, ['--json', 'import', file], {
      env: { IMPORT_PROGRESS_MS: '0', INIT_CWD: dir },
    });
    expect(run.code).toBe(0);
    const progress = run.stderr.trim().split('\n');
    expect(progress[0]).toMatch(/^import: 1 of 30 rows, 0 rejected, \d+ s$/);
    expect(progress.at(-1)).toMatch(/^import: 30 of 30 rows, 0 rejected, \d+ s$/);
    expect(JSON.parse(run.stdout)).toHaveLength(30);
  });
});
