import { ScheduleNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import path from 'node:path';
import type { ReferralLeadRow } from '../../activities/axim-report';
import { messageIdFor } from '../../activities/email/templates';
import { AXIM_REPORT_SCHEDULE_ID, ensureAximReportSchedule } from '../../client/axim-schedule';
import {
  closeLead,
  completeGate,
  getLeadState,
  leadListQuery,
  startLead,
  type StartedLead,
} from '../../client/lifecycle';
import { aximReferralReport } from '../../workflows/axim-report';
import { LIFECYCLE_STAGE } from '../../workflows/search-attributes';
import { readOutbox, type OutboxMessage } from '../support/outbox';
import { eventually } from '../support/poll';
import { aLead, BY, hederaScores } from '../support/leads';
import { startDevServer } from '../support/servers';
import { COMPANY_DOMAIN, localAdapters, uniqueTaskQueue, withWorker, type LocalAdapters } from '../support/worker';
import { DAY_MS } from '../../workflows/durations';

const BIZDEV = 'bizdev@example.com';

let env: TestWorkflowEnvironment;
let adapters: LocalAdapters;
// One queue for the whole file: every report queries every referral lead so far, so their worker must be the same.
const taskQueue = uniqueTaskQueue('axim');

beforeAll(async () => {
  env = await startDevServer();
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(async () => {
  adapters = await localAdapters();
});
afterEach(async () => {
  await adapters.cleanup();
});

function withReportWorker<T>(body: () => Promise<T>): Promise<T> {
  return withWorker(env, adapters, taskQueue, body);
}

const outbox = () => readOutbox(path.join(adapters.dir, 'outbox'));

interface Visible {
  status: string;
  stage: string | undefined;
}

/** Every lead workflow visibility lists, by workflow id: what the report's own listing will see. */
async function visibleLeads(): Promise<Map<string, Visible>> {
  const leads = new Map<string, Visible>();
  for await (const execution of env.client.workflow.list({ query: leadListQuery({}) })) {
    leads.set(execution.workflowId, {
      status: execution.status.name,
      stage: execution.typedSearchAttributes.get(LIFECYCLE_STAGE),
    });
  }
  return leads;
}

/** Visibility is eventually consistent: wait, a bounded number of times, until it shows each lead as expected. */
async function untilVisible(expected: Record<string, Partial<Visible>>): Promise<void> {
  const matches = (leads: Map<string, Visible>) =>
    Object.entries(expected).every(([workflowId, want]) => {
      const seen = leads.get(workflowId);
      return seen !== undefined && Object.entries(want).every(([key, value]) => seen[key as keyof Visible] === value);
    });
  const leads = await eventually(visibleLeads, matches);
  expect(Object.fromEntries([...leads].filter(([id]) => id in expected))).toMatchObject(expected);
}

/** The table line of one lead in the plain-text report. */
function reportLine(message: OutboxMessage, email: string): string | undefined {
  return message.text.split('\n').find((line) => line.includes(email));
}

function lastMove(state: { history: { enteredAt: string }[] }): string {
  return state.history[state.history.length - 1].enteredAt;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lineFor(row: Pick<ReferralLeadRow, 'leadName' | 'email' | 'organisation' | 'stage'>, date: string): RegExp {
  const cells = [row.leadName, row.email, row.organisation, row.stage, date].map(escapeRegExp);
  return new RegExp(`^${cells.join(' {2,}')}$`);
}

let reportCounter = 0;
function reportId(): string {
  reportCounter += 1;
  return `axim-report-test-${process.pid}-${reportCounter}`;
}

describe('the Axim referral report on the dev server', () => {
  let ana: StartedLead;
  let bruno: StartedLead;
  let carla: StartedLead;
  let website: StartedLead;

  test('lists every Axim referral lead with its stage and last move, and no other lead, in one email', () =>
    withReportWorker(async () => {
      ana = await startLead(
        env.client,
        aLead({ name: 'Ana Axim', organisation: 'Aalto Academy', source: 'axim-referral' }),
        { taskQueue },
      );
      bruno = await startLead(
        env.client,
        aLead({ name: 'Bruno Referral', organisation: 'Brightwater College', source: 'axim-referral' }),
        { taskQueue },
      );
      carla = await startLead(
        env.client,
        aLead({ name: 'Carla Gone', organisation: 'Cedar Institute', source: 'axim-referral' }),
        { taskQueue },
      );
      website = await startLead(
        env.client,
        aLead({ name: 'Walter Web', organisation: 'Aardvark Widgets', source: 'website' }),
        { taskQueue },
      );
      const brunoState = await completeGate(env.client, bruno.workflowId, {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: hederaScores, responsive: true },
      });
      expect(brunoState.stage).toBe('assess-needs');
      await closeLead(env.client, carla.workflowId, { outcome: 'lost', reason: 'Chose an in-house build', by: BY });
      await untilVisible({
        [ana.workflowId]: { status: 'RUNNING' },
        [bruno.workflowId]: { status: 'RUNNING' },
        [carla.workflowId]: { status: 'COMPLETED', stage: 'Lost' },
        [website.workflowId]: { status: 'RUNNING' },
      });
      const anaState = await getLeadState(env.client, ana.workflowId);
      const carlaClosed = (await env.client.workflow.getHandle(carla.workflowId).describe()).closeTime;

      const workflowId = reportId();
      const report = await env.client.workflow.execute(aximReferralReport, {
        taskQueue,
        workflowId,
        args: [{ to: BIZDEV }],
      });

      const expected: ReferralLeadRow[] = [
        {
          workflowId: ana.workflowId,
          leadName: 'Ana Axim',
          organisation: 'Aalto Academy',
          email: ana.lead.email,
          stage: 'Prospect Qualification',
          lastUpdate: lastMove(anaState),
          open: true,
        },
        {
          workflowId: bruno.workflowId,
          leadName: 'Bruno Referral',
          organisation: 'Brightwater College',
          email: bruno.lead.email,
          stage: 'Assess Needs',
          lastUpdate: lastMove(brunoState),
          open: true,
        },
        {
          workflowId: carla.workflowId,
          leadName: 'Carla Gone',
          organisation: 'Cedar Institute',
          email: carla.lead.email,
          stage: 'Lost',
          lastUpdate: carlaClosed?.toISOString(),
          open: false,
        },
      ];
      expect(report.leads).toEqual(expected);
      // Bruno's move through the gate is newer than his arrival: the date is the last move, not the start.
      expect(Date.parse(lastMove(brunoState))).toBeGreaterThan(Date.parse(brunoState.history[0].enteredAt));

      const sent = await outbox();
      expect(sent).toHaveLength(1);
      const [email] = sent;
      expect(email).toMatchObject({ to: [BIZDEV], cc: [], messageId: messageIdFor(workflowId, COMPANY_DOMAIN) });
      expect(email.subject).toMatch(
        /^Axim referrals: 3 leads to update in Salesforce, sprint ending \w+day \d{1,2} \w+ \d{4}$/,
      );
      expect(email.text).toMatch(/^Lead +Email +Organisation +Stage +Last update$/m);
      for (const row of expected) {
        expect(reportLine(email, row.email)).toMatch(lineFor(row, (row.lastUpdate ?? '').slice(0, 10)));
      }
      expect(email.text.split('\n').filter((line) => line.includes('@'))).toHaveLength(3);
      expect(email.text).not.toContain(website.lead.email);
      expect(email.text).not.toContain('Walter Web');

      // The same firing run again (a retry) finds its email already sent.
      const again = await env.client.workflow.execute(aximReferralReport, {
        taskQueue,
        workflowId,
        args: [{ to: BIZDEV }],
      });
      expect(again.messageId).toBe(report.messageId);
      expect(await outbox()).toHaveLength(1);
    }));

  test('a lead that cannot answer is still listed from visibility; one stopped by hand says so', () =>
    withReportWorker(async () => {
      // Nobody polls this queue: the lead's first task never runs, so it cannot answer a query.
      const stuck = await startLead(
        env.client,
        aLead({ name: 'Zed Pending', organisation: 'Zeta Polytechnic', source: 'axim-referral' }),
        { taskQueue: uniqueTaskQueue('nobody') },
      );
      await untilVisible({ [stuck.workflowId]: { status: 'RUNNING', stage: 'Prospect Qualification' } });

      const pending = await env.client.workflow.execute(aximReferralReport, {
        taskQueue,
        workflowId: reportId(),
        args: [{ to: BIZDEV }],
      });
      const pendingRow = {
        workflowId: stuck.workflowId,
        leadName: 'Zed Pending',
        organisation: 'Zeta Polytechnic',
        email: stuck.lead.email,
        stage: 'Prospect Qualification',
        open: true,
      };
      expect(pending.leads.find((row) => row.workflowId === stuck.workflowId)).toEqual(pendingRow);
      expect(pending.leads.map((row) => row.organisation)).toEqual([
        'Aalto Academy',
        'Brightwater College',
        'Cedar Institute',
        'Zeta Polytechnic',
      ]);
      const [first] = await outbox();
      expect(reportLine(first, stuck.lead.email)).toMatch(lineFor(pendingRow, 'unknown'));

      await env.client.workflow.getHandle(stuck.workflowId).terminate('Entered by mistake');
      await untilVisible({ [stuck.workflowId]: { status: 'TERMINATED' } });
      const closeTime = (await env.client.workflow.getHandle(stuck.workflowId).describe()).closeTime;
      const stopped = await env.client.workflow.execute(aximReferralReport, {
        taskQueue,
        workflowId: reportId(),
        args: [{ to: BIZDEV }],
      });
      const stoppedRow = { ...pendingRow, stage: 'Prospect Qualification (workflow terminated)', open: false };
      expect(stopped.leads.find((row) => row.workflowId === stuck.workflowId)).toEqual({
        ...stoppedRow,
        lastUpdate: closeTime?.toISOString(),
      });
      const second = (await outbox()).find((message) => message.messageId === stopped.messageId);
      expect(second && reportLine(second, stuck.lead.email)).toMatch(
        lineFor(stoppedRow, closeTime?.toISOString().slice(0, 10) ?? ''),
      );
    }));

  test('the schedule is created once, fires every sprint, and a trigger emails a report', () =>
    withReportWorker(async () => {
      await expect(ensureAximReportSchedule(env.client, { taskQueue, everyDays: 14, to: 'bizdev' })).rejects.toThrow(
        'to: must be a valid email address',
      );
      await expect(ensureAximReportSchedule(env.client, { taskQueue, everyDays: 0, to: BIZDEV })).rejects.toThrow(
        'everyDays: must be at least 1',
      );
      const handle = env.client.schedule.getHandle(AXIM_REPORT_SCHEDULE_ID);
      await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);

      const createdAt = Date.now();
      expect(await ensureAximReportSchedule(env.client, { taskQueue, everyDays: 14, to: BIZDEV })).toBe(true);
      expect(await ensureAximReportSchedule(env.client, { taskQueue, everyDays: 7, to: 'someone@example.com' })).toBe(
        false,
      );

      const described = await handle.describe();
      expect(described.spec.intervals).toHaveLength(1);
      expect(described.spec.intervals?.[0]?.every).toBe(14 * DAY_MS);
      expect(described.action).toMatchObject({
        workflowType: 'aximReferralReport',
        taskQueue,
        args: [{ to: BIZDEV }],
      });
      // The first report is a sprint away, not at some epoch-aligned date sooner.
      const firstReport = described.info.nextActionTimes[0]?.getTime() ?? 0;
      expect(firstReport).toBeGreaterThanOrEqual(createdAt + 14 * DAY_MS - 60_000);
      expect(firstReport).toBeLessThanOrEqual(Date.now() + 14 * DAY_MS + 60_000);

      const listed = await eventually(
        async () => {
          const ids: string[] = [];
          for await (const schedule of env.client.schedule.list()) ids.push(schedule.scheduleId);
          return ids;
        },
        (ids) => ids.includes(AXIM_REPORT_SCHEDULE_ID),
      );
      expect(listed.filter((id) => id === AXIM_REPORT_SCHEDULE_ID)).toHaveLength(1);

      await handle.trigger();
      const fired = await eventually(
        () => handle.describe(),
        (schedule) => schedule.info.recentActions.length === 1,
      );
      const firingId = fired.info.recentActions[0]?.action.workflow.workflowId ?? '';
      expect(firingId.startsWith(`${AXIM_REPORT_SCHEDULE_ID}-`)).toBe(true);
      const report = await env.client.workflow.getHandle<typeof aximReferralReport>(firingId).result();

      const sent = await outbox();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ to: [BIZDEV], messageId: messageIdFor(firingId, COMPANY_DOMAIN) });
      expect(report.messageId).toBe(sent[0].messageId);
      expect(reportLine(sent[0], bruno.lead.email)).toMatch(/ Assess Needs +\d{4}-\d{2}-\d{2}$/);
      expect(sent[0].text).not.toContain(website.lead.email);
      await handle.delete();
    }));
});
