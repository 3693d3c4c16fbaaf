import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defaultConnect, runCli, type CliEnvironment } from '../../client/cli';
import { gateEvidenceSchema, GATED_STAGES } from '../../workflows/gates';

/** The CLI in-process, with no server anywhere: these mistakes are caught before connecting, or by connecting. */
async function cli(args: string[], connect: CliEnvironment['connect'] = noServer) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      readStdin: async () => '',
    },
    env: {},
    connect,
  });
  return { code, stdout, stderr };
}

const noServer: CliEnvironment['connect'] = async () => {
  throw new Error('this test expects the CLI not to connect');
};

describe('option errors name the option and what it takes', () => {
  test('--in-days abc is rejected as a number of days, not as "received null"', async () => {
    const run = await cli(['follow-up', 'ana@acme.example', '--reason', 'Check in', '--in-days', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--in-days <days>' argument 'abc' is invalid");
    expect(run.stderr).toContain('must be a number of days greater than 0');
    expect(run.stderr).not.toContain('null');
  });

  test('--follow-up-days is checked the same way', async () => {
    const run = await cli([
      'meeting-done',
      'ana@acme.example',
      '--title',
      'Intro',
      '--by',
      'sam@example.com',
      '--follow-up-days',
      'soon',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--follow-up-days <days>' argument 'soon' is invalid");
  });

  test('a bad --label is reported as --label, the option the user typed', async () => {
    const run = await cli([
      'start',
      '--name',
      'Ana Silva',
      '--organisation',
      'Acme Academy',
      '--email',
      'ana@acme.example',
      '--label',
      'Acme Academy',
      '--source',
      'website',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--label: must be lowercase letters, digits and dashes');
    expect(run.stderr).not.toContain('mailingListLabel');
  });
});

test('an unreachable server is named, with how to start one', async () => {
  const run = await cli(['--address', '127.0.0.1:1', 'status', 'ana@acme.example'], defaultConnect);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('cannot reach the Temporal server at 127.0.0.1:1');
  expect(run.stderr).toContain('`npm start`');
  expect(run.stderr).toContain('TEMPORAL_ADDRESS');
}, 30_000);

test('gate --help lists every evidence field of every gate, from the schemas the workflow validates with', async () => {
  const run = await cli(['gate', '--help']);
  expect(run.code).toBe(0);
  const help = run.stdout;
  for (const stage of GATED_STAGES) {
    const schema = gateEvidenceSchema(stage) as z.ZodType;
    const objects = schema instanceof z.ZodDiscriminatedUnion ? schema.options : [schema];
    expect(help).toContain(`\n  ${stage}\n`);
    const section = help.slice(help.indexOf(`\n  ${stage}\n`));
    for (const object of objects as z.ZodObject[]) {
      for (const field of Object.keys(object.shape)) expect(section).toContain(field);
    }
  }
  expect(help).toContain(
    'scores: {peopleProfile, need, budget, contractType, prestige, marketNiche, internalPositiveBias} each 0|1|2',
  );
  expect(help).toContain('smallProject (optional): {option: ');
  expect(help).toContain("maintenance (optional): {users?: whole number >= 0, deployment?: 'shared'|'dedicated'|'aws'");
});

test('lose --outcome won points to end --outcome won and changes nothing', async () => {
  const run = await cli(['lose', 'ana@acme.example', '--outcome', 'won', '--reason', 'Delivered', '--by', 'b@x.com']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('a lead that is won is not lost: use `end ana@acme.example --outcome won');
});

describe('greeting takes exactly one decision', () => {
  test.each([[[]], [['--approve', '--skip']]])(
    'greeting %j exits 2 naming --approve, and connects to nothing',
    async (flags) => {
      const run = await cli(['greeting', 'ana@acme.example', '--by', 'bizdev@example.com', ...flags]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('approve: give either --approve (send it) or --skip (do not send it)');
    },
  );
});

describe('import of a file with no leads', () => {
  test.each([
    ['leads.csv', 'name,organisation,email,label,source\n'],
    ['leads.json', '[]'],
  ])('%s exits 2 naming the file, and connects to nothing', async (name, content) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'empty-import-'));
    try {
      await writeFile(path.join(dir, name), content);
      const run = await cli(['import', path.join(dir, name)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`file: ${path.join(dir, name)} holds no leads`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
