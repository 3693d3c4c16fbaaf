/**
 * The worker, as a real process configured only by its environment (real SMTP to a loopback smtp-server, Drive and
 * Jira peers over HTTP), is SIGKILLed inside the stages of four leads' lives and restarted; every lead still
 * reaches Won with nothing lost and nothing done twice.
 *
 * One kill catches three leads in the middle of their follow-through at once (a meeting's summary email and
 * recording upload, a discovery being scheduled, an invoice being sent after approval) and a fourth right after a
 * gate. The kill waits until the server reports each of those activities as running (a slow relay and a slow Jira
 * keep them running), never for a clock. The activities a dead worker held are retried once their heartbeats stop
 * (a 30-second heartbeat timeout, workflows/follow-through/outside-systems.ts).
 */
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  completeGate,
  getLeadState,
  leadHandle,
  reportMeeting,
  reviewInvoice,
  startLead,
} from '../../client/lifecycle';
import type { LifecycleState } from '../../workflows/state';
import { startDrivePeer, type DrivePeer } from '../activities/peers/drive-peer';
import { startJiraPeer, type JiraPeer } from '../activities/peers/jira-peer';
import { startSmtpPeer, type SmtpPeer } from '../activities/peers/smtp-peer';
import { aLead, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { uniqueTaskQueue } from '../support/worker';
import {
  codecClient,
  driveCredentialsFile,
  runningActivities,
  startWorkerProcess,
  step,
  testKeyEntry,
  type WorkerProcess,
} from './harness';

jest.setTimeout(900_000);

const [qualify, assess, blueprint, fixedProposal, close, projectDone] = gatesToBilling;
const WORKFLOW_TASK_FAILED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
/** Polls every 100 ms: ample time for a dead worker's attempts to time out and be retried. */
const AFTER_TIMEOUTS = 4_000;

let env: TestWorkflowEnvironment;
let smtp: SmtpPeer;
let drive: DrivePeer;
let jira: JiraPeer;
let dir: string;

beforeAll(async () => {
  [env, smtp, drive, jira, dir] = await Promise.all([
    startDevServer(),
    // A relay that takes its time over each RCPT TO: a kill during a send finds it in the SMTP dialogue.
    startSmtpPeer(),
    startDrivePeer({ token: 'crash-drive-token', parentFolderId: 'recordings' }),
    startJiraPeer({
      email: 'bot@example.com',
      apiToken: 'crash-jira-token',
      projectKey: 'OPS',
      users: ['bizdev@example.com', 'dev@example.com', 'sales@example.com', 'admin@example.com'].map(
        (emailAddress, i) => ({ accountId: `acct-${i}`, emailAddress }),
      ),
    }),
    mkdtemp(path.join(tmpdir(), 'worker-crash-')),
  ]);
});

afterAll(async () => {
  await Promise.all([env?.teardown(), smtp?.close(), drive?.close(), jira?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

function settled(state: LifecycleState): boolean {
  return state.meetings.every((m) => m.summaryEmail !== 'sending' && m.recording?.status !== 'moving');
}

test('SIGKILLed inside every stage, four leads reach Won with every gate, email, file and task exactly once', async () => {
  const keys = testKeyEntry();
  const taskQueue = uniqueTaskQueue('worker-crash');
  const recordingsDir = path.join(dir, 'recordings');
  await mkdir(recordingsDir, { recursive: true });
  const workerEnv: NodeJS.ProcessEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PAYLOAD_KEYS: keys,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    STATE_DIR: path.join(dir, 'state'),
    GOOGLE_DRIVE_FOLDER_ID: 'recordings',
    GOOGLE_APPLICATION_CREDENTIALS: await driveCredentialsFile(dir, drive.rootUrl),
    GOOGLE_DRIVE_ROOT_URL: drive.rootUrl,
    RECORDING_SOURCE_DIR: recordingsDir,
    JIRA_BASE_URL: jira.baseUrl,
    JIRA_EMAIL: 'bot@example.com',
    JIRA_API_TOKEN: 'crash-jira-token',
    JIRA_PROJECT_KEY: 'OPS',
    WORK_LOGS_FILE: path.join(dir, 'worklogs.jsonl'),
    INVOICES_DIR: path.join(dir, 'invoices'),
    DISCOVERY_DUTY: 'dev@example.com',
  };
  const { client, close: closeClient } = await codecClient(env.address, keys);
  step('starting the worker');
  let worker: WorkerProcess = await startWorkerProcess(workerEnv);
  const kills: string[] = [];
  const state = (id: string) => getLeadState(client, id);
  const gates = async (id: string, requests: typeof gatesToBilling) => {
    for (const request of requests) await completeGate(client, id, request);
  };

  try {
    // Four leads, each taken to the step before its crash.
    const [afterGate, meeting, discovery, invoice] = await Promise.all(
      [1, 2, 3, 4].map(async () => (await startLead(client, aLead(), { taskQueue })).workflowId),
    );
    await gates(discovery, [qualify]);
    await gates(invoice, [qualify, assess, blueprint]);
    await eventually(
      () => state(invoice),
      (s) => s.discovery?.scheduled !== undefined,
      600,
    );
    await gates(invoice, [fixedProposal, close, projectDone]);
    const drafted = await eventually(
      () => state(invoice),
      (s) => s.billing.pending.length > 0,
      600,
    );
    const finalInvoice = drafted.billing.pending[0];
    expect(finalInvoice).toBeDefined();
    const recording = path.join(recordingsDir, 'intro.webm');
    await writeFile(recording, Buffer.alloc(700 * 1024, 3));
    step('leads prepared');
    // From here the relay and Jira answer slowly: the sends and the task creation are still running at the kill.
    smtp.setDelays({ rcptMs: 30_000 });
    jira.setCreateDelay(30_000);

    // All at once: a gate, a meeting with a recording, the gate into Blueprint (which schedules the discovery), an
    // invoice approval. The Updates that wait for their follow-through (the invoice's send) are collected after the
    // restart.
    const updates = Promise.allSettled([
      completeGate(client, afterGate, qualify),
      reportMeeting(client, meeting, {
        title: 'Intro call',
        by: 'sales@example.com',
        senderName: 'Sam Sales',
        discussed: ['Micro-degrees'],
        nextSteps: ['Book the discovery'],
        recording,
      }),
      completeGate(client, discovery, assess),
      reviewInvoice(client, invoice, { invoiceId: finalInvoice.invoiceId, approved: true, by: 'admin@example.com' }),
    ]);
    const inFlight = await eventually(
      async () =>
        Promise.all([
          runningActivities(client, meeting),
          runningActivities(client, discovery),
          runningActivities(client, invoice),
        ]),
      ([m, d, i]) => m.includes('sendMeetingSummary') && d.includes('scheduleDiscovery') && i.includes('sendInvoice'),
      200,
    );
    step(`running at the kill: ${JSON.stringify(inFlight)}`);
    expect(inFlight[0]).toContain('sendMeetingSummary');
    expect(inFlight[1]).toContain('scheduleDiscovery');
    expect(inFlight[2]).toContain('sendInvoice');
    await worker.kill();
    smtp.setDelays({});
    jira.setCreateDelay(0);
    kills.push(
      'after a gate (prospect qualification)',
      `meeting-done follow-through (${inFlight[0].join(', ')})`,
      `discovery being scheduled (${inFlight[1].join(', ')})`,
      `invoice being sent after approval (${inFlight[2].join(', ')})`,
    );
    step(`SIGKILLed the worker inside: ${kills.join('; ')}`);

    worker = await startWorkerProcess(workerEnv);
    step('worker restarted; waiting for the dead attempts to time out and be retried');
    // The gate the worker died right after is kept.
    expect((await state(afterGate)).stage).toBe('assess-needs');
    for (const outcome of await updates) expect(outcome.status).toBe('fulfilled');
    const won = await eventually(
      async () => (await client.workflow.getHandle(invoice).describe()).status.name,
      (status) => status !== 'RUNNING',
      AFTER_TIMEOUTS,
    );
    expect(won).toBe('COMPLETED');
    const met = await eventually(() => state(meeting), settled, AFTER_TIMEOUTS);
    expect(met.meetings[0]).toMatchObject({ summaryEmail: 'sent', recording: { status: 'stored' } });
    const scheduled = await eventually(
      () => state(discovery),
      (s) => s.discovery?.scheduled !== undefined,
      AFTER_TIMEOUTS,
    );
    expect(scheduled.discovery?.scheduled?.taskKey).toMatch(/^OPS-/);
    step('every interrupted step completed');

    // A second kill right after a gate (one that sets nothing else off), then every lead to Won.
    await completeGate(client, meeting, qualify);
    await worker.kill();
    kills.push('after a gate (prospect qualification, second lead)');
    worker = await startWorkerProcess(workerEnv);
    step('SIGKILLed and restarted after a second gate; driving every lead to Won');
    expect((await state(meeting)).stage).toBe('assess-needs');
    await gates(afterGate, [assess, blueprint]);
    await gates(discovery, [blueprint]);
    await gates(meeting, [assess, blueprint]);
    for (const id of [afterGate, meeting]) {
      await eventually(
        () => state(id),
        (s) => s.discovery?.scheduled !== undefined,
        600,
      );
    }
    for (const id of [afterGate, meeting, discovery]) {
      await gates(id, [fixedProposal, close, projectDone]);
      const pending = await eventually(
        () => state(id),
        (s) => s.billing.pending.length > 0,
        600,
      );
      await reviewInvoice(client, id, {
        invoiceId: pending.billing.pending[0].invoiceId,
        approved: true,
        by: 'admin@example.com',
      });
    }

    const leads = [afterGate, meeting, discovery, invoice];
    const finals = await Promise.all(leads.map((id) => leadHandle(client, id).result()));
    for (const final of finals) {
      expect(final.stage).toBe('won');
      // 0 gates lost: every stage left once, in order, each of our six gates by the person who completed it.
      expect(final.history.map((record) => record.stage)).toEqual([
        'generating-leads',
        ...[qualify, assess, blueprint, fixedProposal, close, projectDone].map((gate) => gate.stage),
        'billing',
        'won',
      ]);
      for (const gate of [qualify, assess, blueprint, fixedProposal, close, projectDone]) {
        expect(final.history.filter((record) => record.stage === gate.stage)).toEqual([
          expect.objectContaining({ completedBy: gate.by }),
        ]);
      }
      expect(final.problems).toEqual([]);
      expect(final.billing.sent).toHaveLength(1);
    }

    // Each email received exactly once: one delivery per distinct Message-ID.
    const ids = smtp.received.map((mail) => mail.parsed.messageId ?? '');
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const subjects = smtp.received.map((mail) => mail.parsed.subject ?? '');
    expect(subjects.filter((subject) => subject === 'Summary and next steps: Intro call')).toHaveLength(1);
    expect(subjects.filter((subject) => /^Discovery assigned/.test(subject))).toHaveLength(4);

    // Each Drive file once; each tracker task once (a task's labels carry its idempotency key).
    const uploads = [...drive.files.values()].filter((file) => file.name.endsWith('.webm'));
    expect(uploads).toHaveLength(1);
    expect(uploads[0].content?.length).toBe(700 * 1024);
    const taskKeys = jira.issues.map((issue) => JSON.stringify(issue.fields.labels ?? []));
    expect(new Set(taskKeys).size).toBe(taskKeys.length);
    const discoveryTasks = finals.map((final) => final.discovery?.scheduled?.taskKey);
    expect(new Set(discoveryTasks).size).toBe(4);

    // No workflow failed or stuck: all four completed, and no workflow task ever failed.
    for (const id of leads) {
      const history = await leadHandle(client, id).fetchHistory();
      expect((history.events ?? []).filter((event) => event.eventType === WORKFLOW_TASK_FAILED)).toHaveLength(0);
    }
    const stillRunning = await Promise.all(
      leads.map(async (id) => (await client.workflow.getHandle(id).describe()).status.name),
    );
    expect(stillRunning).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);

    const summary =
      `worker-crash: ${kills.length} stage kills in 2 SIGKILLs; 4 leads Won; ${ids.length} emails, each delivered ` +
      `once; ${uploads.length} Drive upload; ${jira.issues.length} Jira tasks, each once`;
    step(summary);
    console.log(summary);
  } finally {
    await worker.stop();
    await closeClient();
  }
});
