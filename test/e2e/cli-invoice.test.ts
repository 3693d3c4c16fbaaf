import { runCli } from '../../client/cli';

/** The real CLI, in-process, with no Temporal server: a command that tries to reach one says so. */
async function invoice(...flags: string[]) {
  let stderr = '';
  let connected = false;
  const code = await runCli(
    ['invoice', 'ana@acme.example', 'INV-acme-2026-11', '--by', 'admin@example.com', ...flags],
    {
      io: { stdout: () => {}, stderr: (text) => void (stderr += text), readStdin: async () => '' },
      env: {},
      connect: async () => {
        connected = true;
        throw new Error('no server in this test');
      },
    },
  );
  return { code, stderr, connected };
}

test('invoice with neither --approve nor --changes exits 2 and changes nothing', async () => {
  const result = await invoice();
  expect(result).toMatchObject({ code: 2, connected: false });
  expect(result.stderr).toContain('give --approve to send the invoice, or --changes <note> to hold it');
});

test('invoice with both --approve and --changes exits 2 and changes nothing', async () => {
  const result = await invoice('--approve', '--changes', 'wrong rate');
  expect(result).toMatchObject({ code: 2, connected: false });
  expect(result.stderr).toContain('not both');
});

test('invoice with exactly one decision goes on to the lead', async () => {
  for (const flags of [['--approve'], ['--changes', 'wrong rate']]) {
    expect(await invoice(...flags)).toMatchObject({ code: 1, connected: true });
  }
});
