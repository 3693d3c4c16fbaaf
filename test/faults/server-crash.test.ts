/**
 * The Temporal dev server itself is SIGKILLed in the middle of a lead's life and restarted on the same SQLite file:
 * the lead is where it was and its pending follow-up timer still fires. And an SMTP relay that is down when a
 * meeting is reported: `status` shows the summary pending with the relay's error, and once the relay is back the
 * email arrives exactly once. The worker is the real worker process throughout.
 */
import type { Client } from '@temporalio/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { freePort } from '../support/ports';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getLeadState, reportMeeting, startLead } from '../../client/lifecycle';
import { startDevServer, type RunningDevServer } from '../../scripts/dev-server';
import { startSmtpPeer, type SmtpPeer } from '../activities/peers/smtp-peer';
import { runCliWith } from '../support/cli';
import { aLead } from '../support/leads';
import { eventually } from '../support/poll';
import { uniqueTaskQueue } from '../support/worker';
import { codecClient, startWorkerProcess, step, testKeyEntry, type WorkerProcess } from './harness';

jest.setTimeout(300_000);

const DAY_S = 86_400;

function cliPath(): string {
  const located = process.env.TEMPORAL_CLI_PATH;
  if (!located) throw new Error('the Temporal CLI is needed: run `npm run servers`');
  return located;
}

let dir: string;
let server: RunningDevServer | undefined;
let worker: WorkerProcess | undefined;
let smtp: SmtpPeer | undefined;
let closeClient: (() => Promise<void>) | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'server-crash-'));
});

afterEach(async () => {
  await worker?.stop();
  await closeClient?.();
  await server?.stop();
  await smtp?.close();
  [worker, closeClient, server, smtp] = [undefined, undefined, undefined, undefined];
  await rm(dir, { recursive: true, force: true });
});

async function devServer(ports: { port: number; uiPort: number }): Promise<RunningDevServer> {
  return startDevServer({ cliPath: cliPath(), stateDir: dir, namespace: 'default', ...ports });
}

function workerEnv(address: string, keys: string, taskQueue: string, smtpPort: number): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PAYLOAD_KEYS: keys,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    STATE_DIR: path.join(dir, 'state'),
    LOCAL_DRIVE_DIR: path.join(dir, 'drive'),
    TASKS_FILE: path.join(dir, 'tasks.jsonl'),
    INVOICES_DIR: path.join(dir, 'invoices'),
    WORK_LOGS_FILE: path.join(dir, 'worklogs.jsonl'),
    RECORDING_SOURCE_DIR: path.join(dir, 'recordings'),
  };
}

test('a dev server SIGKILLed mid-lifecycle comes back on its SQLite file; the lead resumes and its follow-up fires', async () => {
  const ports = { port: await freePort(), uiPort: await freePort() };
  const keys = testKeyEntry();
  const taskQueue = uniqueTaskQueue('server-crash');
  smtp = await startSmtpPeer();
  server = await devServer(ports);
  worker = await startWorkerProcess(workerEnv(server.address, keys, taskQueue, smtp.port));
  let connection = await codecClient(server.address, keys);
  closeClient = connection.close;
  let client: Client = connection.client;

  const { workflowId } = await startLead(client, aLead(), { taskQueue });
  // A follow-up due 40 s after the meeting: a timer the server must keep across its own death.
  await reportMeeting(client, workflowId, {
    title: 'Intro call',
    by: 'sales@example.com',
    discussed: ['Micro-degrees'],
    nextSteps: ['Book the discovery'],
    followUpInDays: 40 / DAY_S,
  });
  const before = await eventually(
    () => getLeadState(client, workflowId),
    (s) => s.meetings[0]?.summaryEmail === 'sent',
  );
  expect(before.meetings[0].summaryEmail).toBe('sent');
  const followUp = before.followUps.find((f) => !f.done);
  expect(followUp).toMatchObject({ reminders: 0 });

  step('SIGKILL the dev server');
  server.process.kill('SIGKILL');
  await new Promise<void>((resolve) =>
    server?.process.exitCode !== null || server.process.signalCode !== null
      ? resolve()
      : server.process.once('exit', () => resolve()),
  );
  await connection.close();
  closeClient = undefined;
  const restartedAt = Date.now();
  server = await devServer(ports);
  step('dev server restarted on the same SQLite file');
  connection = await codecClient(server.address, keys);
  closeClient = connection.close;
  client = connection.client;
  // The worker process outlived the server, or died with it: either way one must be polling.
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
    step('the worker exited with the server: starting another');
    worker = await startWorkerProcess(workerEnv(server.address, keys, taskQueue, smtp.port));
  }

  const resumed = await getLeadState(client, workflowId);
  expect(resumed.stage).toBe(before.stage);
  expect(resumed.meetings).toEqual(before.meetings);

  // The timer fires after the restart: the reminder reaches the relay, once.
  const after = await eventually(
    () => getLeadState(client, workflowId),
    (s) => s.followUps.some((f) => f.id === followUp?.id && f.reminders > 0),
    1200,
  );
  expect(after.followUps.find((f) => f.id === followUp?.id)?.reminders).toBe(1);
  const reminders = await eventually(
    async () => smtp?.received.filter((mail) => !/^Summary/.test(mail.parsed.subject ?? '')) ?? [],
    (mails) => mails.length > 0,
  );
  expect(reminders).toHaveLength(1);
  expect(reminders[0].at).toBeGreaterThan(restartedAt);
  const ids = smtp.received.map((mail) => mail.parsed.messageId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(smtp.received).toHaveLength(2);
});

test('an SMTP relay down during meeting-done: status shows the summary pending with the error; it arrives once', async () => {
  const keys = testKeyEntry();
  const taskQueue = uniqueTaskQueue('relay-down');
  const relayPort = await freePort();
  server = await devServer({ port: await freePort(), uiPort: await freePort() });
  worker = await startWorkerProcess(workerEnv(server.address, keys, taskQueue, relayPort));
  const connection = await codecClient(server.address, keys);
  closeClient = connection.close;
  const { client } = connection;

  const { workflowId, lead } = await startLead(client, aLead(), { taskQueue });
  await reportMeeting(client, workflowId, {
    title: 'Intro call',
    by: 'sales@example.com',
    discussed: ['Micro-degrees'],
    nextSteps: ['Book the discovery'],
  });

  // Nothing listens on the relay's port: the send fails and is retried. `status` says so, with the error.
  const status = await eventually(
    () => runCliWith(client, ['status', lead.email]),
    (run) => /sendMeetingSummary, attempt [2-9]/.test(run.stdout),
    600,
  );
  expect(status.stdout).toContain('summary sending');
  expect(status.stdout).toMatch(/sendMeetingSummary, attempt \d+, last error: .*ECONNREFUSED/);

  step('relay up');
  smtp = await startSmtpPeer({ port: relayPort });
  const state = await eventually(
    () => getLeadState(client, workflowId),
    (s) => s.meetings[0]?.summaryEmail !== 'sending',
    1200,
  );
  expect(state.meetings[0].summaryEmail).toBe('sent');
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0].parsed.subject).toBe('Summary and next steps: Intro call');
  const settled = await runCliWith(client, ['status', lead.email]);
  expect(settled.stdout).toContain('summary sent');
  expect(settled.stdout).not.toContain('Pending work (running, or retried after an error)');
});
