/**
 * The engine on a real Temporal cluster: the server's four services as separate processes on PostgreSQL with SQL
 * visibility, started by the same code as `npm run cluster`. One cluster for the file; each test has its own task
 * queue, worker and local adapters. Run with `npm run test:cluster` (not part of `npm test`: the first run builds
 * the server).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createActivities } from '../../activities';
import { describeStrategySchedule } from '../../client/schedules';
import { completeGate, getLeadState, listLeads, startLead, type LeadFilter } from '../../client/lifecycle';
import { encryptingDataConverter } from '../../codec/payload-codec';
import { createLifecycleWorker } from '../../worker/create-worker';
import type { GateRequest } from '../../workflows/gates';
import { startCluster, type RunningCluster } from '../../scripts/cluster';
import { runCliWith } from '../support/cli';
import { codecFor, testKeyEntry } from '../support/codec';
import { aLead, BY, gatesToBilling } from '../support/leads';
import { readOutbox } from '../support/outbox';
import { eventually } from '../support/poll';
import { WORKFLOW_BUNDLE_PATH } from '../support/servers';
import { localAdapters, uniqueTaskQueue, type LocalAdapters } from '../support/worker';
import { TemporalLeadDirectory } from '../../activities/leads/temporal-lead-directory';

const projectRoot = path.resolve(__dirname, '../..');
const [qualify, assess, blueprint, proposal, close] = gatesToBilling as [
  GateRequest,
  GateRequest,
  GateRequest,
  GateRequest,
  Extract<GateRequest, { stage: 'close' }>,
];

let cluster: RunningCluster;
let connection: Connection;
let client: Client;
/** Encrypted as in production: every worker of the suite, in this process or not, and its client share these keys. */
const payloadKeys = testKeyEntry();

beforeAll(async () => {
  cluster = await startCluster({ namespace: 'default' });
  connection = await Connection.connect({ address: cluster.address });
  client = new Client({
    connection,
    namespace: cluster.namespace,
    dataConverter: encryptingDataConverter(codecFor(payloadKeys)),
  });
}, 300_000);

afterAll(async () => {
  await connection?.close();
  await cluster?.stop();
}, 120_000);

let adapters: LocalAdapters;
beforeEach(async () => {
  adapters = await localAdapters();
});
afterEach(async () => {
  await adapters?.cleanup();
});

/** A worker in this process, as `npm run worker` builds it, polling `taskQueue` on the cluster while `body` runs. */
async function withClusterWorker<T>(taskQueue: string, body: () => Promise<T>): Promise<T> {
  const native = await NativeConnection.connect({ address: cluster.address });
  try {
    const worker = await createLifecycleWorker({
      connection: native,
      namespace: cluster.namespace,
      taskQueue,
      workflowBundlePath: WORKFLOW_BUNDLE_PATH,
      activities: createActivities({
        ...adapters,
        temporal: client,
        leads: new TemporalLeadDirectory(client),
        taskQueue,
      }),
      payloadCodec: codecFor(payloadKeys),
    });
    return await worker.runUntil(body());
  } finally {
    await native.close();
  }
}

/** Visibility is eventually consistent: ask again, a bounded number of times, for the expected leads. */
function listUntil(filter: LeadFilter, expected: (ids: string[]) => boolean) {
  return eventually(async () => (await listLeads(client, filter)).map((lead) => lead.workflowId), expected, 150);
}

test('the CLI starts a lead and gates it to Close; visibility finds it by every custom search attribute; a Schedule is created', () => {
  const taskQueue = uniqueTaskQueue('cluster-e2e');
  return withClusterWorker(taskQueue, async () => {
    const lead = aLead({ organisation: 'Hedera University', source: 'conference', owner: 'sam@example.com' });
    const q = ['--task-queue', taskQueue];
    const started = await runCliWith(client, [
      ...q,
      'start',
      '--name',
      lead.name,
      '--organisation',
      lead.organisation,
      '--email',
      lead.email,
      '--label',
      'hedera',
      '--source',
      'conference',
      '--owner',
      'sam@example.com',
    ]);
    expect(started).toMatchObject({ code: 0, stderr: '' });
    expect(started.stdout).toContain('started for Jimmy Hedera (Hedera University)');

    const gated = await runCliWith(client, [
      'gate',
      lead.email,
      'prospect-qualification',
      '--by',
      BY,
      '--evidence',
      JSON.stringify(qualify.evidence),
    ]);
    expect(gated.code).toBe(0);
    const status = await runCliWith(client, ['--json', 'status', lead.email]);
    expect(JSON.parse(status.stdout)).toMatchObject({ stage: 'assess-needs' });
    const workflowId = `lead-${lead.email}`;

    // Filters by stage, priority and source, as `cli list` and the Web UI build them, on SQL visibility.
    const ids = await listUntil({ stage: 'Assess Needs', priority: 'high', source: 'conference' }, (found) =>
      found.includes(workflowId),
    );
    expect(ids).toEqual([workflowId]);
    const listed = await eventually(
      () => runCliWith(client, ['list', '--stage', 'Assess Needs', '--source', 'conference']),
      (run) => run.stdout.includes(workflowId),
      150,
    );
    expect(listed.stdout).toContain(workflowId);
    expect(listed.stdout).toContain('Hedera University');
    expect((await listLeads(client, { stage: 'Assess Needs', priority: 'low', source: 'conference' })).length).toBe(0);

    for (const gate of [assess, blueprint, proposal]) await completeGate(client, workflowId, gate);
    await completeGate(client, workflowId, { ...close, evidence: { ...close.evidence, clientEpic: true } });
    const state = await eventually(
      () => getLeadState(client, workflowId),
      (s) => s.strategySchedule !== undefined || s.problems.length > 0,
    );
    expect(state.problems).toEqual([]);
    expect(state.stage).toBe('development');

    const found = await listUntil({ stage: 'Development', owner: 'dev@example.com' }, (f) => f.includes(workflowId));
    expect(found).toEqual([workflowId]);
    // A search attribute of every other type: LeadScore (Int) and LeadIdle (Bool) in a raw visibility query.
    const byScore = await eventually(
      async () => {
        const rows = [];
        for await (const row of client.workflow.list({
          query: `WorkflowId = '${workflowId}' AND LeadScore >= 20 AND LeadIdle = false`,
        }))
          rows.push(row.workflowId);
        return rows;
      },
      (rows) => rows.length === 1,
    );
    expect(byScore).toEqual([workflowId]);

    const scheduleId = `strategy-${workflowId}`;
    const schedule = await describeStrategySchedule(client, scheduleId);
    expect(schedule).toMatchObject({ organisation: 'Hedera University', input: { clientOwner: 'dev@example.com' } });
    const schedules = await eventually(
      () => runCliWith(client, ['schedules', 'list']),
      (run) => run.stdout.includes(scheduleId),
      150,
    );
    expect(schedules.stdout).toContain(scheduleId);
    const tasks = await readFile(path.join(adapters.dir, 'tasks.jsonl'), 'utf8');
    expect(tasks).toContain('Hedera University');
  });
});

test('a meeting reported with the CLI: the summary email is written and the follow-up is findable by FollowUpDue', () => {
  const taskQueue = uniqueTaskQueue('cluster-meeting');
  return withClusterWorker(taskQueue, async () => {
    const { workflowId, lead } = await startLead(client, aLead(), { taskQueue });
    await writeFile(path.join(adapters.dir, 'intro.mp4'), 'not really a video');
    const done = await runCliWith(
      client,
      [
        'meeting-done',
        lead.email,
        '--title',
        'Intro call',
        '--by',
        'sales@example.com',
        '--sender-name',
        'Sam',
        '--discussed',
        'Their SSO',
        '--next-step',
        'Send the requirements',
        '--recording',
        path.join(adapters.dir, 'intro.mp4'),
      ],
      { env: { RECORDING_SOURCE_DIR: adapters.dir } },
    );
    expect(done).toMatchObject({ code: 0 });
    const mail = await eventually(
      () => readOutbox(path.join(adapters.dir, 'outbox')),
      (messages) => messages.some((m) => m.subject.includes('Intro call')),
    );
    expect(mail.find((m) => m.subject.includes('Intro call'))).toMatchObject({ to: [lead.email] });
    const state = await eventually(
      () => getLeadState(client, workflowId),
      (s) => s.meetings.some((m) => m.recording?.status === 'stored'),
    );
    expect(state.meetings[0]?.recording?.status).toBe('stored');
    const due = await eventually(
      async () => {
        const rows = [];
        for await (const row of client.workflow.list({
          query: `WorkflowId = '${workflowId}' AND FollowUpDue > '2000-01-01T00:00:00Z'`,
        }))
          rows.push(row.workflowId);
        return rows;
      },
      (rows) => rows.length === 1,
      150,
    );
    expect(due).toEqual([workflowId]);
  });
});

test('the Temporal server stopped and started mid-lifecycle (PostgreSQL left running): the lead resumes where it was', () => {
  const taskQueue = uniqueTaskQueue('cluster-restart');
  return withClusterWorker(taskQueue, async () => {
    const { workflowId } = await startLead(client, aLead(), { taskQueue });
    await completeGate(client, workflowId, qualify);
    await cluster.stopServer();
    // Down: a client is refused (and the worker below keeps polling, retrying, until the server is back).
    const probe = Connection.lazy({ address: cluster.address, connectTimeout: 1000 });
    await expect(probe.ensureConnected()).rejects.toThrow();
    await probe.close();
    await cluster.startServer();

    // The same worker, still running, picks the lead up again; its history and search attributes are intact.
    const state = await completeGate(client, workflowId, assess);
    expect(state.stage).toBe('blueprint');
    expect(state.history.map((record) => record.stage).slice(-3)).toEqual([
      'prospect-qualification',
      'assess-needs',
      'blueprint',
    ]);
    const ids = await listUntil({ stage: 'Blueprint' }, (found) => found.includes(workflowId));
    expect(ids).toContain(workflowId);
  });
}, 240_000);

/** `npm run worker` as a process of its own, with the zero-config adapters writing into `dir`. */
function workerProcess(taskQueue: string, dir: string): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_NAMESPACE: cluster.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PAYLOAD_KEYS: payloadKeys,
      // Two workers on one machine: the default metrics port can be had by one only.
      METRICS_PORT: 'off',
      OUTBOX_DIR: path.join(dir, 'outbox'),
      STATE_DIR: path.join(dir, 'state'),
      LOCAL_DRIVE_DIR: path.join(dir, 'drive'),
      RECORDING_SOURCE_DIR: dir,
      TASKS_FILE: path.join(dir, 'tasks.jsonl'),
      WORK_LOGS_FILE: path.join(dir, 'worklogs.jsonl'),
      INVOICES_DIR: path.join(dir, 'invoices'),
      DISCOVERY_DUTY: 'ana@example.com,ben@example.com',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function identities(workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((event) => event.workflowTaskCompletedEventAttributes?.identity ?? '')
    .filter((identity) => identity !== '');
}

test('two workers on one task queue, one killed mid-lifecycle: the other carries every lead on, nothing is done twice', async () => {
  const taskQueue = uniqueTaskQueue('cluster-two-workers');
  const organisations = ['Alder', 'Birch', 'Cedar', 'Dogwood', 'Elm', 'Fir'].map((tree) => `${tree} University`);
  const dir = await mkdtemp(path.join(tmpdir(), 'cluster-workers-'));
  const workers = [workerProcess(taskQueue, dir), workerProcess(taskQueue, dir)];
  const exited = workers.map(({ child }) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  try {
    // Both workers poll before any work arrives.
    await eventually(
      async () => {
        const described = await client.workflowService.describeTaskQueue({
          namespace: cluster.namespace,
          taskQueue: { name: taskQueue },
        });
        return described.pollers?.length ?? 0;
      },
      (pollers) => pollers >= 2,
      600,
    );
    const leads = await Promise.all(
      organisations.map((organisation) =>
        startLead(client, aLead({ organisation }), { taskQueue }).then((s) => s.workflowId),
      ),
    );
    await Promise.all(
      leads.map(async (id) => {
        for (const gate of [qualify, assess]) await completeGate(client, id, gate);
      }),
    );

    // The worker to kill is one that has done part of the work so far (both usually have).
    const sofar = (await Promise.all(leads.map(identities))).flat();
    const killedIndex = sofar.some((id) => id.startsWith(`${workers[0].child.pid}@`)) ? 0 : 1;
    const killed = workers[killedIndex];
    const survivor = workers[1 - killedIndex];
    const killedIdentity = `${killed.child.pid}@`;
    const survivorIdentity = `${survivor.child.pid}@`;
    killed.child.kill('SIGKILL');
    await exited[killedIndex];
    const before = await Promise.all(leads.map(identities));
    // Both workers did part of the work so far.
    expect(before.flat().some((id) => id.startsWith(killedIdentity))).toBe(true);

    // The rest of the sales stages, each entering Blueprint (discovery assigned: a task and an email) and Close.
    await Promise.all(
      leads.map(async (id) => {
        for (const gate of [blueprint, proposal, close]) await completeGate(client, id, gate);
      }),
    );
    for (const id of leads) expect((await getLeadState(client, id)).stage).toBe('development');
    const after = await Promise.all(leads.map(identities));
    for (const [index, ids] of after.entries()) {
      const later = ids.slice(before[index].length);
      expect(later.length).toBeGreaterThan(0);
      expect(later.every((id) => id.startsWith(survivorIdentity))).toBe(true);
    }

    // Nothing twice: one discovery task and one kickoff per lead, one copy of each email.
    const tasks = (await readFile(path.join(dir, 'tasks.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const messages = await readOutbox(path.join(dir, 'outbox'));
    const externalIds = tasks.map((task) => String(task.externalId));
    expect(new Set(externalIds).size).toBe(externalIds.length);
    const messageIds = messages.map((message) => message.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    // Every lead took the same path, so each has the same tasks: a repeat would show as one more.
    const perLead = organisations.map((organisation) => ({
      tasks: tasks.filter((task) => JSON.stringify(task).includes(organisation)).length,
    }));
    expect(perLead[0].tasks).toBeGreaterThanOrEqual(2);
    expect(perLead).toEqual(organisations.map(() => perLead[0]));
    // And no activity ran a second attempt: none was retried after the kill.
    for (const id of leads) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      const attempts = (history.events ?? []).flatMap((event) =>
        event.activityTaskStartedEventAttributes ? [event.activityTaskStartedEventAttributes.attempt] : [],
      );
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts.every((attempt) => attempt === 1)).toBe(true);
    }
    expect(survivor.output()).toContain(`task queue ${taskQueue}`);
  } finally {
    for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([Promise.all(exited), sleep(30_000)]);
    for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}, 300_000);
