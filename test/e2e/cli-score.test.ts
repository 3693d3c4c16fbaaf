import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { hederaScores } from '../support/leads';

const root = path.resolve(__dirname, '../..');

/** The real entry point, as `npm run cli -- score` runs it: no Temporal server anywhere. */
function score(stdin: string, ...args: string[]) {
  return spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['client/cli.ts', 'score', ...args], {
    cwd: root,
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1' },
  });
}

test('score reads JSON on standard input and prints the rubric result as JSON', () => {
  const run = score(JSON.stringify(hederaScores));
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ total: 24, maximum: 28, category: 'High' });
});

test('score --table prints the weighted breakdown', () => {
  const run = score(JSON.stringify(hederaScores), '--table');
  expect(run.stdout).toMatch(/Prestige +2 +x3 +6/);
  expect(run.stdout).toContain('Category: High priority');
});

test('an out-of-range factor exits 2 and names the factor', () => {
  const run = score(JSON.stringify({ ...hederaScores, budget: 5 }));
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('budget: must be 0, 1 or 2');
});
