import { ScheduleNotFoundError } from '@temporalio/client';
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
import type { LifecycleState } from '../../workflows/state';
import type { OutboxMessage } from '../support/outbox';
import { eventually } from '../support/poll';
import { aLead, BY, hederaScores } from '../support/leads';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';
import { COMPANY_DOMAIN, uniqueTaskQueue } from '../support/worker';
import { DAY_MS } from '../../rules/durations';

const BIZDEV = 'bizdev@example.com';
/**
 * The schedule's interval offset is read from the client's clock just before the create call, so the first firing
 * can come up to that call's latency (under a second here) before the schedule's recorded creation time plus one
 * interval; never later.
 */
const CREATE_CALL_LATENCY_MS = 10_000;

// A dev server per test: every report lists every referral lead on its server, so a test sees only its own leads.
const suite = testServer('each test', startDevServer, 'axim');
const { outbox } = suite;

interface Visible {
  status: string;
  stage: string | undefined;
}

/** Every lead workflow visibility lists, by workflow id: what the report's own listing will see. */
async function visibleLeads(): Promise<Map<string, Visible>> {
  const leads = new Map<string, Visible>();
  for await (const execution of suite.env.client.workflow.list({ query: leadListQuery({}) })) {
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

/** A lead of the given name, organisation and source (an Axim referral unless said otherwise), on `taskQueue`. */
function startNamed(
  taskQueue: string,
  name: string,
  organisation: string,
  source: 'axim-referral' | 'website' = 'axim-referral',
): Promise<StartedLead> {
  return startLead(suite.env.client, aLead({ name, organisation, source }), { taskQueue });
}

/** Moves a lead through Prospect Qualification into Assess Needs, as a High lead. */
function qualify(lead: StartedLead): Promise<LifecycleState> {
  return completeGate(suite.env.client, lead.workflowId, {
    stage: 'prospect-qualification',
    by: BY,
    evidence: { scores: hederaScores, responsive: true },
  });
}

describe('the Axim referral report on the dev server', () => {
  test('lists every Axim referral lead with its stage and last move, and no other lead, in one email', () =>
    suite.run(async (taskQueue) => {
      const { client } = suite.env;
      const ana = await startNamed(taskQueue, 'Ana Axim', 'Aalto Academy');
      const bruno = await startNamed(taskQueue, 'Bruno Referral', 'Brightwater College');
      const carla = await startNamed(taskQueue, 'Carla Gone', 'Cedar Institute');
      const website = await startNamed(taskQueue, 'Walter Web', 'Aardvark Widgets', 'website');
      const brunoState = await qualify(bruno);
      expect(brunoState.stage).toBe('assess-needs');
      await closeLead(client, carla.workflowId, { outcome: 'lost', reason: 'Chose an in-house build', by: BY });
      await untilVisible({
        [ana.workflowId]: { status: 'RUNNING' },
        [bruno.workflowId]: { status: 'RUNNING' },
        [carla.workflowId]: { status: 'COMPLETED', stage: 'Lost' },
        [website.workflowId]: { status: 'RUNNING' },
      });
      const anaState = await getLeadState(client, ana.workflowId);
      const carlaClosed = (await client.workflow.getHandle(carla.workflowId).describe()).closeTime;

      const workflowId = 'axim-report-retried';
      const report = await client.workflow.execute(aximReferralReport, {
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
      const again = await client.workflow.execute(aximReferralReport, {
        taskQueue,
        workflowId,
        args: [{ to: BIZDEV }],
      });
      expect(again.messageId).toBe(report.messageId);
      expect(await outbox()).toHaveLength(1);
    }));

  test('a lead that cannot answer is still listed from visibility; one stopped by hand says so', () =>
    suite.run(async (taskQueue) => {
      const { client } = suite.env;
      const ana = await startNamed(taskQueue, 'Ana Axim', 'Aalto Academy');
      // Nobody polls this queue: the lead's first task never runs, so it cannot answer a query.
      const stuck = await startNamed(uniqueTaskQueue('nobody'), 'Zed Pending', 'Zeta Polytechnic');
      await untilVisible({
        [ana.workflowId]: { status: 'RUNNING', stage: 'Prospect Qualification' },
        [stuck.workflowId]: { status: 'RUNNING', stage: 'Prospect Qualification' },
      });

      const pending = await client.workflow.execute(aximReferralReport, {
        taskQueue,
        workflowId: 'axim-report-pending',
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
      expect(pending.leads.map((row) => row.organisation)).toEqual(['Aalto Academy', 'Zeta Polytechnic']);
      const [first] = await outbox();
      expect(reportLine(first, stuck.lead.email)).toMatch(lineFor(pendingRow, 'unknown'));

      await client.workflow.getHandle(stuck.workflowId).terminate('Entered by mistake');
      await untilVisible({ [stuck.workflowId]: { status: 'TERMINATED' } });
      const closeTime = (await client.workflow.getHandle(stuck.workflowId).describe()).closeTime;
      const stopped = await client.workflow.execute(aximReferralReport, {
        taskQueue,
        workflowId: 'axim-report-stopped',
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
    suite.run(async (taskQueue) => {
      const { client } = suite.env;
      const bruno = await startNamed(taskQueue, 'Bruno Referral', 'Brightwater College');
      const website = await startNamed(taskQueue, 'Walter Web', 'Aardvark Widgets', 'website');
      await qualify(bruno);
      await untilVisible({
        [bruno.workflowId]: { status: 'RUNNING', stage: 'Assess Needs' },
        [website.workflowId]: { status: 'RUNNING' },
      });

      await expect(ensureAximReportSchedule(client, { taskQueue, everyDays: 14, to: 'bizdev' })).rejects.toThrow(
        'to: must be a valid email address',
      );
      await expect(ensureAximReportSchedule(client, { taskQueue, everyDays: 0, to: BIZDEV })).rejects.toThrow(
        'everyDays: must be at least 1',
      );
      const handle = client.schedule.getHandle(AXIM_REPORT_SCHEDULE_ID);
      await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);

      expect(await ensureAximReportSchedule(client, { taskQueue, everyDays: 14, to: BIZDEV })).toBe(true);
      expect(await ensureAximReportSchedule(client, { taskQueue, everyDays: 7, to: 'someone@example.com' })).toBe(
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
      // What the Web UI's schedule page says in words, where the spec is raw seconds.
      expect(described.memo).toEqual({ report: 'Axim referral leads', to: BIZDEV, cadence: 'every 14 days' });
      // The first report is a sprint after the schedule was created, not at some epoch-aligned date sooner.
      const createdAt = described.info.createdAt.getTime();
      const firstReport = described.info.nextActionTimes[0]?.getTime() ?? 0;
      expect(firstReport).toBeGreaterThanOrEqual(createdAt + 14 * DAY_MS - CREATE_CALL_LATENCY_MS);
      expect(firstReport).toBeLessThanOrEqual(createdAt + 14 * DAY_MS);

      const listed = await eventually(
        async () => {
          const ids: string[] = [];
          for await (const schedule of client.schedule.list()) ids.push(schedule.scheduleId);
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
      const report = await client.workflow.getHandle<typeof aximReferralReport>(firingId).result();
      expect(report.leads.map((row) => row.workflowId)).toEqual([bruno.workflowId]);

      const sent = await outbox();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ to: [BIZDEV], messageId: messageIdFor(firingId, COMPANY_DOMAIN) });
      expect(report.messageId).toBe(sent[0].messageId);
      expect(reportLine(sent[0], bruno.lead.email)).toMatch(/ Assess Needs +\d{4}-\d{2}-\d{2}$/);
      expect(sent[0].text).not.toContain(website.lead.email);
      await handle.delete();
    }));
});
