/** `status` starts quickly because it loads only what it uses (client/commands/registry.ts, issue #11). */
import { runCli, type CliEnvironment } from '../../client/cli';

// `status` is the command people type most: loading the input schemas (zod) or the CSV parser for it would cost it
// most of what the registry saves. Any of them required while this file runs fails it.
jest.mock('zod', () => {
  throw new Error('status loaded zod');
});
jest.mock('csv-parse/sync', () => {
  throw new Error('status loaded the CSV parser');
});

async function cli(args: string[], connect: CliEnvironment['connect']) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), readStdin: async () => '' },
    env: {},
    connect,
  });
  return { code, stdout, stderr };
}

test('status runs without loading any other group, zod or the CSV parser', async () => {
  const run = await cli(['--address', '127.0.0.1:1', 'status', 'ana@acme.example'], async () => {
    throw new Error('connection refused');
  });
  expect(run).toMatchObject({ code: 1, stdout: '' });
  expect(run.stderr).toContain('cannot reach the Temporal server at 127.0.0.1:1 (connection refused)');
});
