/**
 * The automatic monthly billing run of an iterative client, with the worker (a real process, started as `npm run
 * worker` starts it, real SMTP to a loopback relay) SIGKILLed half-way through drafting the month's invoice: the
 * reviewer's `.txt` is on disk, the invoice's `.json` is not. A new worker process finishes the run; the month is
 * drafted, approved and emailed once, and the next month's run bills once too.
 *
 * The run fires on the first of the month, so this test runs on Temporal's time-skipping server, which jumps to the
 * next timer whenever no workflow or activity task is outstanding, and runs at the wall clock's pace while one is.
 * The held activity is outstanding: the dead attempt is noticed when its heartbeats stop (the workflow's 30 s
 * heartbeat timeout, in real seconds), which is most of this test's minute.
 *
 * The worker runs with MAX_CACHED_WORKFLOWS=0. A real server hands a workflow's next task to any worker once it has
 * waited 10 s on the dead one's sticky queue (the SDK's stickyQueueScheduleToStartTimeout); the Java test server
 * never does (it has no sticky schedule-to-start timeout, and ignores ShutdownWorker), so with a cache the lead would
 * wait for the killed worker for ever: tried, the first query after the restart never returned. Without a cache
 * every task goes to the task queue, and the new worker replays the lead's history, as it must after any crash.
 */
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { invoicePeriodText } from '../../activities/billing/emails';
import { temporaryFileFor } from '../../activities/billing/local-invoicing';
import {
  completeGate,
  getLeadState,
  leadHandle,
  reviewInvoice,
  startLead,
  type StartedLead,
} from '../../client/lifecycle';
import { firstOfNextMonth, invoiceIdFor, monthBefore } from '../../workflows/billing';
import { engagementCode } from '../../workflows/engagement';
import type { LifecycleState } from '../../workflows/state';
import { startSmtpPeer, type SmtpPeer } from '../activities/peers/smtp-peer';
import { runCliWith } from '../support/cli';
import { assess, blueprint, close, iterativeProposal, qualify } from '../support/clients';
import { aLead } from '../support/leads';
import { eventually } from '../support/poll';
import { startTimeSkippingServer } from '../support/servers';
import { uniqueTaskQueue } from '../support/worker';
import {
  codecClient,
  holdWritesAt,
  runningActivities,
  startWorkerProcess,
  step,
  testKeyEntry,
  type WorkerProcess,
} from './harness';

jest.setTimeout(300_000);

const WORKFLOW_TASK_FAILED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
const REVIEWER = 'admin@example.com';

let env: TestWorkflowEnvironment;
let smtp: SmtpPeer;
let dir: string;

beforeAll(async () => {
  [env, smtp, dir] = await Promise.all([
    startTimeSkippingServer(),
    startSmtpPeer(),
    mkdtemp(path.join(tmpdir(), 'billing-crash-')),
  ]);
});

afterAll(async () => {
  await Promise.all([env?.teardown(), smtp?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * Lets the server's clock run to a minute after `runAt`, skipping whatever nobody is working on. Not awaited at once:
 * while a held activity is outstanding, the clock only walks.
 */
async function skipPast(runAt: Date): Promise<void> {
  await env.sleep(Math.max(runAt.getTime() - (await env.currentTimeMs()) + 60_000, 1));
}

function invoicesOf(state: LifecycleState, month: string) {
  return [...state.billing.pending, ...state.billing.sent].filter((invoice) => invoice.period === month);
}

/** The months the monthly run closed in the lead's stage history (each a Development → Billing move). */
function monthsBilledByTheRun(state: LifecycleState): unknown[] {
  return state.history
    .filter((record) => record.completedBy === 'monthly billing')
    .map((record) => (record.evidence as { month?: unknown } | undefined)?.month);
}

test("SIGKILLed while drafting the month's invoice: that month is billed once, and the next month's run bills once", async () => {
  const keys = testKeyEntry();
  const taskQueue = uniqueTaskQueue('billing-crash');
  const invoicesDir = path.join(dir, 'invoices');
  const workLogsFile = path.join(dir, 'worklogs.jsonl');
  await mkdir(invoicesDir, { recursive: true });
  const workerEnv: NodeJS.ProcessEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    MAX_CACHED_WORKFLOWS: '0',
    PAYLOAD_KEYS: keys,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    STATE_DIR: path.join(dir, 'state'),
    LOCAL_DRIVE_DIR: path.join(dir, 'drive'),
    TASKS_FILE: path.join(dir, 'tasks.jsonl'),
    WORK_LOGS_FILE: workLogsFile,
    INVOICES_DIR: invoicesDir,
    DISCOVERY_DUTY: 'dev@example.com',
  };
  const { client, close: closeClient } = await codecClient(env.address, keys);
  step('starting the worker');
  let worker: WorkerProcess = await startWorkerProcess(workerEnv);
  const state = (id: string) => getLeadState(client, id);
  const status = async (id: string) => (await runCliWith(client, ['status', id])).stdout.split('\n');

  try {
    // An iterative client: every gate to a closed deal, after which the lead bills monthly from its work logs.
    const lead = aLead();
    const started: StartedLead = await startLead(client, lead, { taskQueue });
    const { workflowId } = started;
    for (const gate of [qualify, assess, blueprint, iterativeProposal, close]) {
      await completeGate(client, workflowId, gate);
    }
    const closed = await state(workflowId);
    expect(closed.stage).toBe('development');
    const firstRun = new Date(closed.billing.nextRunAt ?? '');
    const secondRun = firstOfNextMonth(firstRun);
    const [firstMonth, secondMonth] = [monthBefore(firstRun), monthBefore(secondRun)];
    const invoiceFor = (month: string) => invoiceIdFor(lead.mailingListLabel, month, engagementCode(started.runId));
    const [firstInvoice, secondInvoice] = [invoiceFor(firstMonth), invoiceFor(secondMonth)];
    await writeFile(
      workLogsFile,
      [
        { client: lead.mailingListLabel, date: `${firstMonth}-08`, hours: 8, description: 'SSO integration' },
        { client: lead.mailingListLabel, date: `${firstMonth}-21`, hours: 4.5, description: 'Showcase pages' },
        { client: lead.mailingListLabel, date: `${secondMonth}-12`, hours: 20, description: 'Micro-degree catalogue' },
      ]
        .map((log) => `${JSON.stringify(log)}\n`)
        .join(''),
    );

    // The invoice's JSON is written after its readable copy: held there, the draft is torn at the kill.
    const heldFile = temporaryFileFor(path.join(invoicesDir, `${firstInvoice}.json`), worker.child.pid ?? 0);
    const hold = await holdWritesAt(heldFile);
    const toFirstRun = skipPast(firstRun);
    toFirstRun.catch(() => undefined);
    step(`skipping to the monthly run of ${firstRun.toISOString()}`);
    const held = await eventually(
      async () => ({ running: await runningActivities(client, workflowId), files: await readdir(invoicesDir) }),
      ({ running, files }) => running.includes('draftInvoice') && files.includes(`${firstInvoice}.txt`),
      600,
    );
    expect(held.running).toEqual(['draftInvoice']);
    expect(held.files.sort()).toEqual([path.basename(heldFile), `${firstInvoice}.txt`].sort());
    await worker.kill();
    const killedAt = Date.now();
    await hold.release();
    step(`SIGKILLed the worker inside draftInvoice for ${firstMonth} (server time ${await serverTime()})`);

    worker = await startWorkerProcess(workerEnv);
    step('worker restarted; waiting for the dead attempt to time out and be retried');
    await toFirstRun;
    const drafted = await eventually(
      () => state(workflowId),
      (s) => invoicesOf(s, firstMonth).length > 0,
      600,
    );
    const recoveredInMs = Date.now() - killedAt;
    step(`${firstMonth} drafted ${recoveredInMs} ms after the kill`);

    // The month is drafted once: one invoice waiting on the lead, its two files, and `status` says so once.
    expect(drafted.stage).toBe('billing');
    expect(invoicesOf(drafted, firstMonth)).toEqual([
      expect.objectContaining({ invoiceId: firstInvoice, totalHours: 12.5, status: 'awaiting-review' }),
    ]);
    expect(monthsBilledByTheRun(drafted)).toEqual([firstMonth]);
    expect(drafted.billing.nextRunAt).toBe(secondRun.toISOString());
    expect((await readdir(invoicesDir)).sort()).toEqual([`${firstInvoice}.json`, `${firstInvoice}.txt`]);
    const stored = JSON.parse(await readFile(path.join(invoicesDir, `${firstInvoice}.json`), 'utf8')) as {
      totalHours: number;
    };
    expect(stored.totalHours).toBe(12.5);
    expect((await status(workflowId)).filter((line) => line.includes(firstInvoice))).toEqual([
      expect.stringMatching(new RegExp(`^\\s+${firstInvoice}\\s+12\\.5 h\\s+awaiting-review`)),
    ]);

    await reviewInvoice(client, workflowId, { invoiceId: firstInvoice, approved: true, by: REVIEWER });

    // The next month: its run drafts once, untouched by the crash, and is approved and sent.
    step(`skipping to the monthly run of ${secondRun.toISOString()}`);
    await skipPast(secondRun);
    const next = await eventually(
      () => state(workflowId),
      (s) => invoicesOf(s, secondMonth).length > 0,
      600,
    );
    expect(invoicesOf(next, secondMonth)).toEqual([
      expect.objectContaining({ invoiceId: secondInvoice, totalHours: 20, status: 'awaiting-review' }),
    ]);
    await reviewInvoice(client, workflowId, { invoiceId: secondInvoice, approved: true, by: REVIEWER });

    const final = await state(workflowId);
    expect(final.billing.pending).toEqual([]);
    expect(final.billing.sent.map((invoice) => [invoice.invoiceId, invoice.period])).toEqual([
      [firstInvoice, firstMonth],
      [secondInvoice, secondMonth],
    ]);
    expect(final.billingCycles).toBe(2);
    expect(monthsBilledByTheRun(final)).toEqual([firstMonth, secondMonth]);
    expect(final.billing.nextRunAt).toBe(firstOfNextMonth(secondRun).toISOString());
    // The time-skipping server has no Schedules: the sprint status schedule is the one thing it cannot keep.
    expect(final.problems.filter((problem) => problem.what !== 'sprint status schedule')).toEqual([]);
    const statusLines = await status(workflowId);
    for (const invoiceId of [firstInvoice, secondInvoice]) {
      expect(statusLines.filter((line) => line.includes(invoiceId))).toEqual([expect.stringMatching(/\ssent\s/)]);
    }

    // Each month's invoice reached the client once, and nothing was mailed twice.
    const invoiceMails = smtp.received.filter((mail) => mail.parsed.subject?.startsWith('Invoice for'));
    expect(invoiceMails.map((mail) => [mail.parsed.subject, mail.envelopeTo[0]])).toEqual([
      [`Invoice for ${invoicePeriodText(firstMonth).text}: ${lead.organisation}`, lead.email],
      [`Invoice for ${invoicePeriodText(secondMonth).text}: ${lead.organisation}`, lead.email],
    ]);
    expect(invoiceMails[0].parsed.text).toMatch(/Total +12\.50 h/);
    const messageIds = smtp.received.map((mail) => mail.parsed.messageId ?? '');
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect((await readdir(invoicesDir)).sort()).toEqual(
      [firstInvoice, secondInvoice].flatMap((invoiceId) => [`${invoiceId}.json`, `${invoiceId}.txt`]),
    );

    const history = await leadHandle(client, workflowId).fetchHistory();
    expect((history.events ?? []).filter((event) => event.eventType === WORKFLOW_TASK_FAILED)).toHaveLength(0);

    const summary =
      `billing-crash: SIGKILL inside draftInvoice (${firstMonth}, .txt written, .json not); drafted again ` +
      `${recoveredInMs} ms after the kill; 2 monthly invoices, 2 files each, ${invoiceMails.length} invoice emails, ` +
      `each once`;
    step(summary);
    console.log(summary);
  } finally {
    // A crash test's worker may still be held in a write that never ends: killed, not asked to drain.
    await worker.kill();
    await closeClient();
  }
});

async function serverTime(): Promise<string> {
  return new Date(await env.currentTimeMs()).toISOString();
}
