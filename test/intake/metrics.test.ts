/**
 * `npm run worker` as a separate process, as an operator runs it, against a real dev server: after one lead's
 * lifecycle its Prometheus endpoint shows the SDK's metrics and the engine's counters with the values that lifecycle
 * implies. Emails are checked against the .eml files the worker really wrote.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { freePort } from '../support/ports';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { completeGate, getLeadState, leadHandle, reportMeeting, startLead } from '../../client/lifecycle';
import { gateSignal, reviewInvoiceUpdate } from '../../workflows/messages';
import { codecClient, testKeyEntry } from '../support/codec';
import { updateRejection } from '../support/errors';
import { aLead, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { uniqueTaskQueue } from '../support/worker';

let env: TestWorkflowEnvironment;
let dir: string;
let worker: ChildProcess | undefined;
let workerOutput = '';
let closeClient: (() => Promise<void>) | undefined;

beforeEach(async () => {
  [env, dir] = await Promise.all([startDevServer(), mkdtemp(path.join(tmpdir(), 'metrics-e2e-'))]);
});

afterEach(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker?.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await closeClient?.();
  closeClient = undefined;
  await env?.teardown();
  await rm(dir, { recursive: true, force: true });
});

/** `name{labels} value` lines, summed over the series whose labels include every one given. */
function counter(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) total += Number(match[3]);
  }
  return total;
}

test('the worker exports SDK metrics and the engine counters in Prometheus format, with the values of a lifecycle', async () => {
  const taskQueue = uniqueTaskQueue('metrics');
  const port = await freePort();
  const keys = testKeyEntry();
  const recordings = path.join(dir, 'recordings');
  await mkdir(recordings, { recursive: true });
  await writeFile(path.join(recordings, 'intro.mp4'), 'a short recording');
  worker = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../worker/main.ts')], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PAYLOAD_KEYS: keys,
      METRICS_PORT: String(port),
      OUTBOX_DIR: path.join(dir, 'outbox'),
      LOCAL_DRIVE_DIR: path.join(dir, 'drive'),
      RECORDING_SOURCE_DIR: recordings,
      TASKS_FILE: path.join(dir, 'tasks.jsonl'),
      WORK_LOGS_FILE: path.join(dir, 'worklogs.jsonl'),
      INVOICES_DIR: path.join(dir, 'invoices'),
      STATE_DIR: path.join(dir, 'state'),
      DISCOVERY_DUTY: 'dev@example.com',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
  worker.stderr?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
  const scrape = async () => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      return response.ok ? await response.text() : '';
    } catch {
      return '';
    }
  };

  // Up once it says where its metrics are (it has bundled the workflows by then); its output is shown if not.
  const up = await eventually(
    async () => workerOutput,
    (output) => output.includes('Metrics:') || worker?.exitCode !== null,
    300,
  );
  expect(up).toContain(`Metrics:  http://127.0.0.1:${port}/metrics`);

  const { client, close } = await codecClient(env.address, keys);
  closeClient = close;
  const lead = aLead({ source: 'website' });
  const { workflowId } = await startLead(client, lead, { taskQueue });
  // Refused twice: an Update for the wrong stage, and a Signal with bad evidence (recorded on the lead).
  expect(await updateRejection(completeGate(client, workflowId, gatesToBilling[2]))).toMatch(/gate out of order/);
  await leadHandle(client, workflowId).signal(gateSignal, {
    stage: 'prospect-qualification',
    by: 'bizdev@example.com',
    evidence: { responsive: true } as never,
  });
  await eventually(
    () => getLeadState(client, workflowId),
    (state) => state.rejected.length === 1,
    300,
  );
  for (const gate of gatesToBilling) await completeGate(client, workflowId, gate);
  await reportMeeting(client, workflowId, {
    title: 'Kickoff',
    by: 'sales@example.com',
    nextSteps: ['Ship it'],
    recording: 'intro.mp4',
  });
  // A recording that is not there: the upload fails for good, and says so on the lead.
  await reportMeeting(client, workflowId, {
    title: 'Review',
    by: 'sales@example.com',
    nextSteps: ['Fix it'],
    recording: 'missing.mp4',
  });
  const drafted = await eventually(
    () => getLeadState(client, workflowId),
    (state) =>
      state.billing.pending.length === 1 &&
      state.meetings.every((meeting) => meeting.summaryEmail === 'sent' && meeting.recording?.status !== 'moving'),
    300,
  );
  expect(drafted.meetings.map((meeting) => meeting.recording?.status)).toEqual(['stored', 'failed']);
  await leadHandle(client, workflowId).executeUpdate(reviewInvoiceUpdate, {
    args: [{ invoiceId: drafted.billing.pending[0].invoiceId, approved: true, by: 'admin@example.com' }],
  });
  // Approving the fixed price's final invoice sends it, and the lead is Won.
  expect((await getLeadState(client, workflowId)).stage).toBe('won');

  const emails = (await readdir(path.join(dir, 'outbox'))).filter((file) => file.endsWith('.eml')).length;
  // Metrics are exported periodically: wait until the last of them is there.
  const text = await eventually(scrape, (body) => counter(body, 'lifecycle_invoices_sent_total') >= 1, 100);

  // The SDK's own metrics, from the same endpoint.
  expect(counter(text, 'temporal_workflow_completed_total', { task_queue: taskQueue })).toBeGreaterThanOrEqual(1);
  expect(text).toMatch(/^temporal_activity_execution_latency/m);

  expect(counter(text, 'lifecycle_leads_started_total', { source: 'website', kind: 'lead' })).toBe(1);
  for (const stage of ['prospect-qualification', 'assess-needs', 'blueprint', 'proposal', 'close', 'development']) {
    expect([stage, counter(text, 'lifecycle_gates_completed_total', { stage })]).toEqual([stage, 1]);
  }
  expect(counter(text, 'lifecycle_gates_completed_total')).toBe(6);
  expect(counter(text, 'lifecycle_gates_rejected_total', { stage: 'blueprint' })).toBe(1);
  expect(counter(text, 'lifecycle_gates_rejected_total', { stage: 'prospect-qualification' })).toBe(1);
  expect(emails).toBeGreaterThanOrEqual(4);
  expect(counter(text, 'lifecycle_emails_sent_total')).toBe(emails);
  expect(counter(text, 'lifecycle_uploads_total')).toBe(1);
  expect(counter(text, 'lifecycle_invoices_drafted_total')).toBe(1);
  expect(counter(text, 'lifecycle_invoices_sent_total')).toBe(1);
  expect(counter(text, 'lifecycle_activity_failures_total', { activity_type: 'storeMeetingRecording' })).toBe(1);
  expect(counter(text, 'lifecycle_activity_failures_total')).toBe(1);
}, 180_000);
