import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getLeadState, leadHandle, startLead } from '../../client/lifecycle';
import { EXIT_CODES } from '../../client/cli';
import { ONE_LINE_MESSAGE } from '../../client/one-line';
import { fieldFor } from '../../client/lead-file';
import { customerLifecycle } from '../../workflows';
import type { GatedStage } from '../../workflows/gates';
import { runCliWith } from '../support/cli';
import { aLead, BY } from '../support/leads';
import { startTestIntake } from '../intake/support';
import { startDevServer } from '../support/servers';
import { testServer, type TestServer } from '../support/test-server';
import { fuzz } from './fuzz-run';
import { leadIn, VALID_GATES, workflowTaskFailures } from './leads-in-stages';
import { hugeString, malformed, namesField, PROTOTYPE_KEYS, type MalformedCase } from './malformed';
import { EVIDENCE_SPECS, LEAD_SPEC } from './requests';
import { refusal } from './refusal';

/**
 * Malformed lead starts (through the client helper, and straight to the server past it), and malformed files and
 * options through the CLI: refused, naming the field, and nothing started or changed.
 */
const suite: TestServer = testServer('shared', startDevServer, 'fuzz-cli');

const RUNS = { startLead: 80, rawStart: 40, startFile: 40, importJson: 30, importCsv: 50, gate: 40, meetingDone: 50 };

let callerDir: string;
beforeAll(async () => {
  callerDir = await mkdtemp(path.join(tmpdir(), 'fuzz-cli-'));
});
afterAll(async () => {
  await rm(callerDir, { recursive: true, force: true });
});

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCliWith(suite.env.client, args, { env: { INIT_CWD: callerDir, ...env } });

/** A malformed lead, with an email of its own whenever the email is not the broken field. */
const malformedLead = (lineBreaks: boolean) =>
  fc
    .constant(null)
    .map(() => aLead())
    .chain((lead) =>
      malformed(lead, LEAD_SPEC, { root: 'lead', lineBreaks }).map((broken) => ({ ...broken, email: lead.email })),
    );

async function neverStarted(email: string): Promise<void> {
  await expect(leadHandle(suite.env.client, email).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

/** What the import printed for one row: from its `[i/n]` marker to the next (a field name may hold a line break). */
function rowOutput(stdout: string, index: number, count: number): string {
  const start = stdout.indexOf(`[${index + 1}/${count}] `);
  if (start < 0) return '';
  const next = index + 1 < count ? stdout.indexOf(`[${index + 2}/${count}] `, start) : -1;
  return stdout.slice(start, next < 0 ? undefined : next);
}

function expectNamed(text: string, { field, mutation }: MalformedCase): void {
  if (!namesField(text, field))
    throw new Error(`${mutation}: ${JSON.stringify(field.slice(0, 80))} not named in ${text}`);
}

test('malformed lead starts: the client helper refuses each, naming the field, and starts nothing', () =>
  suite.run(async (taskQueue) => {
    const tried = await fuzz('lead starts through the client', malformedLead(true), RUNS.startLead, async (broken) => {
      expectNamed(await refusal(startLead(suite.env.client, broken.request, { taskQueue })), broken);
      await neverStarted(broken.email);
    });
    expect(tried).toBeGreaterThanOrEqual(RUNS.startLead);
  }));

test('malformed lead starts sent straight to the server: the workflow refuses each at once, naming the field', () =>
  suite.run(async (taskQueue) => {
    const tried = await fuzz('lead starts past the client', malformedLead(false), RUNS.rawStart, async (broken) => {
      const workflowId = `lead-raw-start-${randomUUID()}`;
      const handle = await suite.env.client.workflow.start(customerLifecycle, {
        workflowId,
        taskQueue,
        args: [{ lead: broken.request as never }],
      });
      const failure = await handle.result().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expectNamed(String((failure as WorkflowFailedError).cause?.message), broken);
      expect(await workflowTaskFailures(suite.env.client, workflowId)).toBe(0);
    });
    expect(tried).toBeGreaterThanOrEqual(RUNS.rawStart);
  }));

/** The CLI names a lead field as the option that sets it; in a file, by its own name. */
test('cli start --file with a malformed lead: exit 2, the field named, nothing started', async () => {
  const file = path.join(callerDir, 'lead.json');
  const tried = await fuzz('cli start --file', malformedLead(true), RUNS.startFile, async (broken) => {
    await writeFile(file, JSON.stringify(broken.request));
    const run = await cli(['start', '--file', 'lead.json']);
    expect(run.code).toBe(EXIT_CODES.invalid);
    expectNamed(run.stderr, broken);
    await neverStarted(broken.email);
  });
  expect(tried).toBeGreaterThanOrEqual(RUNS.startFile);
});

test('cli import of a JSON file of malformed leads: every row refused, naming its field, exit 2', async () => {
  const file = path.join(callerDir, 'leads.json');
  const files = fc.array(malformedLead(true), { minLength: 1, maxLength: 4 });
  const namedProto = aLead();
  const regression = {
    request: { ...namedProto, ['__proto__']: [] },
    field: '__proto__',
    mutation: 'an unknown field named __proto__ (was named [object Object])',
    email: namedProto.email,
  };
  const tried = await fuzz(
    'cli import, JSON files',
    files,
    RUNS.importJson,
    async (rows) => {
      await writeFile(file, JSON.stringify(rows.map((row) => row.request)));
      const run = await cli(['import', 'leads.json']);
      expect(run.code).toBe(EXIT_CODES.invalid);
      rows.forEach((row, index) => {
        const line = rowOutput(run.stdout, index, rows.length);
        expect(line).toContain('rejected: ');
        expectNamed(line, row);
      });
      expect(run.stdout).toContain(`0 of ${rows.length} leads imported, ${rows.length} rejected`);
      for (const row of rows) await neverStarted(row.email);
    },
    [[regression]],
  );
  expect(tried).toBeGreaterThanOrEqual(RUNS.importJson);
});

/** The columns people write, and what each row puts in them. */
const CSV_HEADER = ['name', 'organisation', 'email', 'label', 'source', 'government', 'owner'];
const quoted = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
const validRow = () => {
  const lead = aLead();
  return {
    email: lead.email,
    cells: [lead.name, lead.organisation, lead.email, lead.mailingListLabel, lead.source, 'no', lead.owner ?? ''],
  };
};

const wild = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), hugeString);
/** One cell of a valid row made wrong, named by its CSV column. */
const csvMutations: fc.Arbitrary<{ column: string; cell: string }>[] = [
  fc.constantFrom('name', 'organisation', 'email', 'label', 'source').map((column) => ({ column, cell: '  ' })),
  fc
    .tuple(fc.constantFrom('name', 'organisation'), fc.constantFrom('\n', '\r\n', '\r'), wild)
    .map(([column, newline, rest]) => ({ column, cell: `Ana${newline}Bcc: ${rest}` })),
  wild.filter((cell) => !cell.includes('@')).map((cell) => ({ column: 'email', cell })),
  wild
    .filter((cell) => cell.trim() !== '' && !/^[a-z0-9][a-z0-9-]*$/.test(cell.trim()))
    .map((cell) => ({ column: 'label', cell })),
  wild.filter((cell) => cell.trim() !== '').map((cell) => ({ column: 'source', cell: `not-a-source ${cell}` })),
  fc.constantFrom('maybe', 'si', 'oui', '2', 'TRUE!').map((cell) => ({ column: 'government', cell })),
  wild.filter((cell) => cell.trim() !== '' && !cell.includes('@')).map((cell) => ({ column: 'owner', cell })),
];
/** A column no lead has, which every row then fills: each row must be refused naming it, as the file names it. */
const unknownColumn = fc
  .oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,15}$/))
  .map((column) => column.trim())
  .filter((column) => !Object.hasOwn(LEAD_SPEC, fieldFor(column)));
const csvFiles = fc.record({
  mutations: fc.array(fc.oneof(...csvMutations), { minLength: 1, maxLength: 4 }),
  extraColumn: fc.option(unknownColumn, { freq: 3 }),
});

test('cli import of a CSV file of malformed rows: every row refused, naming its column, exit 2', async () => {
  const file = path.join(callerDir, 'leads.csv');
  const tried = await fuzz('cli import, CSV files', csvFiles, RUNS.importCsv, async ({ mutations, extraColumn }) => {
    const header = extraColumn === null ? CSV_HEADER : [...CSV_HEADER, extraColumn];
    const rows = mutations.map((mutation) => {
      const row = validRow();
      row.cells[CSV_HEADER.indexOf(mutation.column)] = mutation.cell;
      if (extraColumn !== null) row.cells.push('a value nobody asked for');
      return { ...row, column: mutation.column };
    });
    const text = [header.map(quoted).join(','), ...rows.map((row) => row.cells.map(quoted).join(','))].join('\r\n');
    await writeFile(file, text);
    const run = await cli(['import', 'leads.csv']);
    expect(run.code).toBe(EXIT_CODES.invalid);
    rows.forEach((row, index) => {
      const line = rowOutput(run.stdout, index, rows.length);
      expect(line).toContain('rejected: ');
      expectNamed(line, { field: `${row.column}: `, mutation: `bad ${row.column}`, request: undefined });
      if (extraColumn !== null) {
        expectNamed(line, {
          field: `${extraColumn}: is not a known field`,
          mutation: 'unknown column',
          request: undefined,
        });
      }
    });
    for (const row of rows) if (row.column !== 'email') await neverStarted(row.email);
  });
  expect(tried).toBeGreaterThanOrEqual(RUNS.importCsv);
});

test('cli import of files that are not CSV or JSON at all: exit 2, naming the file or the line', async () => {
  const cases: [string, string, string][] = [
    ['unclosed.csv', `name,organisation,email,label,source\n"Ana,Acme,${aLead().email},acme,website\n`, 'line'],
    ['short-row.csv', `name,organisation,email,label,source\nAna,Acme\n`, 'line 2'],
    ['broken.json', '[{"name": "Ana",', 'broken.json'],
    ['scalar.json', '42', 'lead'],
    ['nul.json', '\u0000\u0001', 'nul.json'],
  ];
  for (const [name, text, field] of cases) {
    await writeFile(path.join(callerDir, name), text);
    const run = await cli(['import', name]);
    expect(run.code).toBe(EXIT_CODES.invalid);
    expect(`${run.stdout}${run.stderr}`).toContain(field);
  }
});

test('cli gate with malformed --evidence: exit 2, the field named, the lead where it was', () =>
  suite.run(async (taskQueue) => {
    const stages: GatedStage[] = ['assess-needs', 'close'];
    const leads = await Promise.all(stages.map((stage) => leadIn(suite.env.client, taskQueue, stage)));
    const cases = fc.constantFrom(0, 1).chain((index) =>
      malformed(VALID_GATES[stages[index]].evidence, EVIDENCE_SPECS[stages[index]], {
        prefix: 'evidence.',
        root: 'evidence',
      }).map((broken) => ({ ...broken, index })),
    );
    const tried = await fuzz('cli gate --evidence', cases, RUNS.gate, async (broken) => {
      const workflowId = leads[broken.index];
      const before = await getLeadState(suite.env.client, workflowId);
      const evidence = JSON.stringify(broken.request) ?? 'null';
      const run = await cli(['gate', workflowId, stages[broken.index], '--by', BY, '--evidence', evidence]);
      expect(run.code).toBe(EXIT_CODES.invalid);
      expectNamed(run.stderr, broken);
      expect(await getLeadState(suite.env.client, workflowId)).toEqual(before);
    });
    expect(tried).toBeGreaterThanOrEqual(RUNS.gate);
    for (const workflowId of leads) expect(await workflowTaskFailures(suite.env.client, workflowId)).toBe(0);
  }));

test('cli meeting-done: a recording outside the allowed folders or hosts, or a line break in a title or name, is refused', () =>
  suite.run(async (taskQueue) => {
    const recordings = path.join(callerDir, 'recordings');
    await mkdir(recordings, { recursive: true });
    await writeFile(path.join(callerDir, 'secret.mp4'), 'not for the worker');
    await symlink(path.join(callerDir, 'secret.mp4'), path.join(recordings, 'innocent.mp4')).catch(() => undefined);
    const env = { RECORDING_SOURCE_DIR: recordings, RECORDING_SOURCE_HOSTS: 'recordings.example.com' };
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const outside = fc.oneof(
      fc
        .tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom('etc/passwd', 'secret.mp4', 'proc/self/environ'))
        .map(([depth, target]) => ({ option: '--recording', value: `${'../'.repeat(depth)}${target}` })),
      fc
        .constantFrom(
          '/etc/passwd',
          '/proc/self/environ',
          path.join(callerDir, 'secret.mp4'),
          'recordings/innocent.mp4',
          'recordings/../secret.mp4',
          'file:///etc/passwd',
          'ftp://recordings.example.com/intro.mp4',
          'http://169.254.169.254/latest/meta-data/',
          'https://recordings.example.com.evil.example/intro.mp4',
          'https://evil.example/intro.mp4',
          'javascript:alert(1)',
          'gopher://recordings.example.com/intro.mp4',
        )
        .map((value) => ({ option: '--recording', value })),
      fc
        .tuple(
          fc.constantFrom('--title', '--sender-name'),
          fc.string({ maxLength: 20 }),
          fc.constantFrom('\n', '\r\n', '\r', '\r\nBcc: everyone@example.com\r\n'),
        )
        .map(([option, text, newline]) => ({ option, value: `Intro ${text}${newline}call` })),
    );
    const tried = await fuzz('cli meeting-done, unsafe paths and headers', outside, RUNS.meetingDone, async (input) => {
      const options: Record<string, string> = {
        '--title': 'Intro call',
        '--sender-name': 'Sam',
        [input.option]: input.value,
      };
      const run = await cli(
        [
          'meeting-done',
          workflowId,
          '--by',
          'sam@example.com',
          '--next-step',
          'Send the requirements',
          ...Object.entries(options).flat(),
        ],
        env,
      );
      expect(run.code).toBe(EXIT_CODES.invalid);
      const field = { '--recording': 'recording', '--title': 'title', '--sender-name': 'senderName' }[input.option];
      expect(run.stderr).toContain(`${field}: `);
      expect((await getLeadState(suite.env.client, workflowId)).meetings).toEqual([]);
    });
    expect(tried).toBeGreaterThanOrEqual(RUNS.meetingDone);
  }));

test('cli project with a line break in its title: exit 2, naming the title, before the client is even looked up', async () => {
  const run = await cli([
    'project',
    'nobody@example.com',
    '--title',
    'Mobile\r\nBcc: everyone@example.com',
    '--agreed-by',
    BY,
  ]);
  expect(run.code).toBe(EXIT_CODES.invalid);
  expect(run.stderr).toContain('title: must be one line');
});

test('the intake refuses a line break in a name or a meeting title: 400 naming the field, nothing started or recorded', () =>
  suite.run(async (taskQueue) => {
    const intake = await startTestIntake(suite.env.client, taskQueue);
    try {
      const injected = aLead({ organisation: 'Acme\r\nBcc: everyone@example.com' });
      const posted = await intake.post('/leads', JSON.stringify(injected));
      expect(posted.status).toBe(400);
      expect(posted.body.issues).toEqual([{ field: 'organisation', message: ONE_LINE_MESSAGE }]);
      await neverStarted(injected.email);
      const { workflowId, lead } = await startLead(suite.env.client, aLead(), { taskQueue });
      const meeting = await intake.post(
        `/leads/${encodeURIComponent(lead.email)}/meetings`,
        JSON.stringify({ title: 'Intro\ncall', by: 'sam@example.com', nextSteps: ['Send the requirements'] }),
      );
      expect(meeting.status).toBe(400);
      expect(meeting.body.issues).toEqual([{ field: 'title', message: ONE_LINE_MESSAGE }]);
      expect((await getLeadState(suite.env.client, workflowId)).meetings).toEqual([]);
    } finally {
      await intake.close();
    }
  }));
