/**
 * The paths a lead takes, each driven through the real client on a time-skipping server. `npm run histories`
 * records what they leave behind; the replay test proves that today's workflow code still accepts those histories.
 */
import { Client as TemporalClient, type Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  callHandle,
  completeGate,
  decideGreeting,
  getLeadState,
  leadHandle,
  reportMeeting,
  reviewInvoice,
  scheduleCall,
  scheduleFollowUp,
  startLead,
  type StartLeadOptions,
} from '../../client/lifecycle';
import { DAY_MS, HOUR_MS } from '../../rules/durations';
import type { GateRequest } from '../../workflows/gates';
import {
  cancelMeetingUpdate,
  inviteAcceptedUpdate,
  meetingStateQuery,
  pickRescheduleSlotUpdate,
} from '../../workflows/meeting-messages';
import { gateSignal } from '../../workflows/messages';
import { invoicesMade } from '../../workflows/carried-state';
import type { LifecycleState } from '../../workflows/state';
import { affogatoScores, aLead, BY, gatesToBilling, hederaScores, msBrownScores } from '../support/leads';
import { eventually } from '../support/poll';
import { actOnSupportRequest, openSupportRequest, supportRequestState } from '../../client/support';
import { onCallWeek } from '../../rules/on-call';
import { onCallRetroWorkflowId } from '../../workflows/support-messages';
import { JsonLinesTracker } from '../../activities/tasks/jsonl-tracker';
import { sprintStatusScheduleId } from '../../rules/sprint-status';
import { currentSprint } from '../../rules/sprint-updates';
import { clientSprintStatus } from '../../workflows/sprint-status';

/** A workflow execution the scenario left behind, to be recorded under `name`. */
export interface RecordedRun {
  name: string;
  workflowId: string;
  runId?: string;
}

export interface ScenarioContext {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  /** The scenario's own adapter folder: work logs are written here. */
  dir: string;
}

export interface Scenario {
  name: string;
  drive(context: ScenarioContext): Promise<RecordedRun[]>;
}

const [qualify, assess, blueprint, fixedProposal, close, projectDone] = gatesToBilling as [
  GateRequest,
  GateRequest,
  GateRequest,
  GateRequest,
  GateRequest,
  GateRequest,
];

const iterativeProposal: GateRequest = {
  stage: 'proposal',
  by: BY,
  evidence: {
    proposalUrl: 'https://proposals.example.com/hedera',
    pricing: { pricing: 'iterative', monthlyHours: 40 },
  },
};

const intro = {
  title: 'Intro call',
  by: 'sales@example.com',
  senderName: 'Sam Sales',
  discussed: ['Micro-degree programme', 'SSO integration'],
  nextSteps: ['Send the requirements list', 'Book the discovery'],
};

async function start(context: ScenarioContext, options: Partial<StartLeadOptions> = {}, lead = aLead()) {
  return startLead(context.env.client, lead, { taskQueue: context.taskQueue, ...options });
}

async function gates(client: Client, workflowId: string, requests: GateRequest[]): Promise<LifecycleState> {
  let state = await getLeadState(client, workflowId);
  for (const request of requests) state = await completeGate(client, workflowId, request);
  return state;
}

function settled(state: LifecycleState): boolean {
  return (
    state.meetings.every((m) => m.summaryEmail !== 'sending' && m.recording?.status !== 'moving') &&
    (state.stage !== 'proposal' || state.discovery?.scheduled !== undefined)
  );
}

async function afterFollowThrough(client: Client, workflowId: string): Promise<LifecycleState> {
  return eventually(() => getLeadState(client, workflowId), settled);
}

/** A lead taken through every sales gate to an iterative deal: it enters Development. */
async function iterativeClient(context: ScenarioContext): Promise<string> {
  const { client } = context.env;
  const { workflowId } = await start(context);
  await gates(client, workflowId, [qualify, assess, blueprint]);
  await afterFollowThrough(client, workflowId);
  await gates(client, workflowId, [iterativeProposal, close]);
  return workflowId;
}

/** Skips past the next monthly run and waits for that month's invoice. */
async function nextInvoice(context: ScenarioContext, workflowId: string, invoicesBefore: number) {
  const { client } = context.env;
  const { billing } = await getLeadState(client, workflowId);
  const wait = Date.parse(billing.nextRunAt ?? '') - (await context.env.currentTimeMs()) + 60_000;
  await context.env.sleep(Math.max(wait, 1));
  const state = await eventually(
    () => getLeadState(client, workflowId),
    (s) => invoicesMade(s) > invoicesBefore,
  );
  const pending = state.billing.pending.at(-1);
  if (!pending) throw new Error(`no invoice was drafted for ${workflowId}`);
  return pending;
}

async function writeWorkLogs(context: ScenarioContext, workflowId: string, months: number): Promise<void> {
  const { billing } = await getLeadState(context.env.client, workflowId);
  const first = new Date(Date.parse(billing.nextRunAt ?? '') - DAY_MS);
  const lines = Array.from({ length: months }, (_, index) => {
    const month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + index, 1));
    const label = month.toISOString().slice(0, 7);
    return [
      { client: 'hedera', date: `${label}-03`, hours: 30, description: 'SSO integration' },
      { client: 'hedera', date: `${label}-17`, hours: 15.5, description: 'Showcase pages' },
    ];
  }).flat();
  await writeFile(path.join(context.dir, 'worklogs.jsonl'), lines.map((line) => JSON.stringify(line)).join('\n'));
}

/** Three months billed and approved by a client with a small history budget: its first run and the one it is in. */
async function billAcrossRuns(
  context: ScenarioContext,
  workflowId: string,
  firstRunId: string,
): Promise<RecordedRun[]> {
  const { client } = context.env;
  await writeWorkLogs(context, workflowId, 3);
  for (let month = 0; month < 3; month++) {
    const invoice = await nextInvoice(context, workflowId, month);
    await reviewInvoice(client, workflowId, { invoiceId: invoice.invoiceId, approved: true, by: 'admin@example.com' });
  }
  // The continued run's first workflow task done, so its history shows what it did with the state it was handed.
  const { runId } = await eventually(
    () => leadHandle(client, workflowId).describe(),
    (execution) => execution.runId !== firstRunId && (execution.historyLength ?? 0) >= 4,
  );
  if (runId === firstRunId) throw new Error('the client never continued-as-new');
  return [
    { name: 'first-run', workflowId, runId: firstRunId },
    // That run, not the latest: a client billed monthly may have continued as new again since.
    { name: 'lead', workflowId, runId },
  ];
}

/** The month before the server's clock (YYYY-MM). */
async function lastMonth(context: ScenarioContext): Promise<string> {
  const now = new Date(await context.env.currentTimeMs());
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/** A meeting, three gates, a follow-up whose reminder the wake-up timer sends, Close, and billing across two runs. */
async function remindedAndBilledAcrossRuns(context: ScenarioContext): Promise<RecordedRun[]> {
  const { client } = context.env;
  const { workflowId, runId: firstRunId } = await start(context, { continueAsNewAfterEvents: 60 });
  await reportMeeting(client, workflowId, intro);
  await gates(client, workflowId, [qualify, assess, blueprint]);
  await afterFollowThrough(client, workflowId);
  await scheduleFollowUp(client, workflowId, { reason: 'Ask how the showcase went', inDays: 3 });
  await context.env.sleep(4 * DAY_MS);
  await eventually(
    () => getLeadState(client, workflowId),
    (s) => s.followUps.some((followUp) => followUp.reminders > 0),
  );
  await gates(client, workflowId, [iterativeProposal, close]);
  return billAcrossRuns(context, workflowId, firstRunId);
}

export const scenarios: Scenario[] = [
  {
    name: 'fixed-price-won',
    async drive(context) {
      const { client } = context.env;
      const { workflowId } = await start(context);
      await reportMeeting(client, workflowId, intro);
      await afterFollowThrough(client, workflowId);
      await gates(client, workflowId, [qualify, assess, blueprint]);
      await afterFollowThrough(client, workflowId);
      await gates(client, workflowId, [fixedProposal, close, projectDone]);
      const drafted = await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.billing.pending.length > 0,
      );
      await reviewInvoice(client, workflowId, {
        invoiceId: drafted.billing.pending[0].invoiceId,
        approved: false,
        by: 'admin@example.com',
        note: 'Split the SSO hours',
      });
      await reviewInvoice(client, workflowId, {
        invoiceId: drafted.billing.pending[0].invoiceId,
        approved: true,
        by: 'admin@example.com',
      });
      await leadHandle(client, workflowId).result();
      return [{ name: 'lead', workflowId }];
    },
  },
  {
    name: 'iterative-two-months',
    async drive(context) {
      const { client } = context.env;
      const workflowId = await iterativeClient(context);
      await writeWorkLogs(context, workflowId, 2);
      for (let month = 0; month < 2; month++) {
        const invoice = await nextInvoice(context, workflowId, month);
        await reviewInvoice(client, workflowId, {
          invoiceId: invoice.invoiceId,
          approved: true,
          by: 'admin@example.com',
        });
      }
      return [{ name: 'lead', workflowId }];
    },
  },
  {
    name: 'nurture-recheck',
    async drive(context) {
      const { client } = context.env;
      const { workflowId } = await start(context, {}, aLead({ organisation: "Ms. Brown's 5th Grade Class" }));
      await completeGate(client, workflowId, {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: msBrownScores, responsive: true },
      });
      await context.env.sleep(91 * DAY_MS);
      await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.followUps.some((followUp) => followUp.reminders > 0),
      );
      await completeGate(client, workflowId, {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: hederaScores, responsive: true },
      });
      return [{ name: 'lead', workflowId }];
    },
  },
  {
    name: 'declined-rfp',
    async drive(context) {
      const { client } = context.env;
      const { workflowId } = await start(context, {}, aLead({ source: 'rfp' }));
      await completeGate(client, workflowId, {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: affogatoScores, responsive: true },
      });
      await leadHandle(client, workflowId).result();
      return [{ name: 'lead', workflowId }];
    },
  },
  {
    name: 'meeting-no-show',
    async drive(context) {
      const { client } = context.env;
      const { workflowId } = await start(context);
      const startsAt = new Date((await context.env.currentTimeMs()) + 5 * DAY_MS);
      const slots = [1, 2].map((days) => new Date(startsAt.getTime() + days * DAY_MS).toISOString());
      const call = await scheduleCall(client, workflowId, {
        title: 'Discovery kickoff',
        startsAt: startsAt.toISOString(),
        rescheduleSlots: slots,
        meetingLink: 'https://meet.example.com/abc',
      });
      await context.env.sleep(5 * DAY_MS + HOUR_MS);
      const meeting = await callHandle(client, workflowId, call.id);
      await eventually(
        () => meeting.query(meetingStateQuery),
        (state) => state.status === 'awaiting-reschedule',
      );
      await meeting.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: slots[1] }] });
      await meeting.result();
      await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.calls[0]?.outcome !== undefined,
      );
      return [
        { name: 'lead', workflowId },
        { name: call.id, workflowId: call.childWorkflowId },
      ];
    },
  },
  {
    name: 'meeting-with-recording',
    async drive(context) {
      const { client } = context.env;
      const recording = path.join(context.dir, 'intro.mp4');
      await writeFile(recording, 'pretend this is an hour of video');
      const { workflowId } = await start(context);
      await reportMeeting(client, workflowId, { ...intro, recording });
      await afterFollowThrough(client, workflowId);
      await context.env.sleep(8 * DAY_MS);
      await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.followUps.some((followUp) => followUp.reminders > 0),
      );
      return [{ name: 'lead', workflowId }];
    },
  },
  {
    name: 'continued-as-new',
    async drive(context) {
      const { client } = context.env;
      const { workflowId, runId: firstRunId } = await start(context, { continueAsNewAfterEvents: 60 });
      await gates(client, workflowId, [qualify, assess, blueprint]);
      await afterFollowThrough(client, workflowId);
      await gates(client, workflowId, [iterativeProposal, close]);
      return billAcrossRuns(context, workflowId, firstRunId);
    },
  },
  {
    // Recorded under rules revision 1 (HANDBOOK_FIDELITY_PATCH): the patch marker, a Medium lead's paid discovery
    // invoiced, Close tasks, a month billed by gate, a hand-set follow-up that outlives the gates, a booked meeting.
    name: 'paid-discovery-billed-by-gate',
    async drive(context) {
      const { client } = context.env;
      const { workflowId } = await start(context, {}, aLead({ organisation: 'Affogato International' }));
      await scheduleFollowUp(client, workflowId, { reason: 'Ask about the coffee courses budget', inDays: 60 });
      await completeGate(client, workflowId, {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: affogatoScores, responsive: true },
      });
      const assessEvidence = (assess as Extract<GateRequest, { stage: 'assess-needs' }>).evidence;
      await completeGate(client, workflowId, {
        stage: 'assess-needs',
        by: BY,
        evidence: { ...assessEvidence, scores: { ...affogatoScores, marketNiche: 1 }, discoveryPaymentAgreed: true },
      });
      const blueprintEvidence = (blueprint as Extract<GateRequest, { stage: 'blueprint' }>).evidence;
      await completeGate(client, workflowId, {
        stage: 'blueprint',
        by: 'dev@example.com',
        evidence: { ...blueprintEvidence, discoveryHours: 9.5 },
      });
      const invoiced = await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.billing.pending.length > 0 && s.discovery?.scheduled !== undefined,
      );
      await reviewInvoice(client, workflowId, {
        invoiceId: invoiced.billing.pending[0].invoiceId,
        approved: true,
        by: 'admin@example.com',
      });
      await gates(client, workflowId, [iterativeProposal]);
      await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.notes.filter((note) => note.text.startsWith('Task ')).length === 3,
      );
      await gates(client, workflowId, [close]);
      const month = await lastMonth(context);
      await gates(client, workflowId, [
        { stage: 'development', by: 'dev@example.com', evidence: { completed: 'month', month, hoursLogged: 44 } },
        {
          stage: 'billing',
          by: 'admin@example.com',
          evidence: { invoiceRef: `INV-affogato-${month}`, hoursBilled: 44 },
        },
      ]);
      const startsAt = new Date((await context.env.currentTimeMs()) + 3 * DAY_MS);
      const call = await scheduleCall(client, workflowId, {
        title: 'Sprint review',
        startsAt: startsAt.toISOString(),
        rescheduleSlots: [1, 2].map((days) => new Date(startsAt.getTime() + days * DAY_MS).toISOString()),
      });
      const meeting = await callHandle(client, workflowId, call.id);
      await meeting.executeUpdate(cancelMeetingUpdate, { args: [{ reason: 'Moved to next sprint' }] });
      await meeting.result();
      await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.calls[0]?.outcome !== undefined && s.problems.length === 0,
      );
      return [
        { name: 'lead', workflowId },
        { name: call.id, workflowId: call.childWorkflowId },
      ];
    },
  },
  {
    // Recorded under MEETING_ETIQUETTE_PATCH (004): an accepted invite still gets the 48-hour checks (link and agenda),
    // the owner is nudged to join 3 minutes early, the client misses the call, and the time they pick is repeated
    // back to them.
    name: 'meeting-etiquette-rescheduled',
    async drive(context) {
      const { client } = context.env;
      const { workflowId } = await start(context);
      const startsAt = new Date((await context.env.currentTimeMs()) + 5 * DAY_MS);
      const slots = [1, 2].map((days) => new Date(startsAt.getTime() + days * DAY_MS).toISOString());
      const call = await scheduleCall(client, workflowId, {
        title: 'Discovery kickoff',
        startsAt: startsAt.toISOString(),
        rescheduleSlots: slots,
        meetingLink: 'https://meet.example.com/abc',
        agendaUrl: 'https://docs.example.com/kickoff-agenda',
      });
      const meeting = await callHandle(client, workflowId, call.id);
      await meeting.executeUpdate(inviteAcceptedUpdate);
      await context.env.sleep(5 * DAY_MS + HOUR_MS);
      const missed = await eventually(
        () => meeting.query(meetingStateQuery),
        (state) => state.status === 'awaiting-reschedule',
      );
      if (!missed.checksSentAt || !missed.joinNudgeSentAt) throw new Error('the checks or the nudge did not go out');
      await meeting.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: slots[0] }] });
      await meeting.result();
      if (!(await meeting.query(meetingStateQuery)).rescheduleConfirmedAt) {
        throw new Error('the picked time was not confirmed to the client');
      }
      await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.calls[0]?.outcome !== undefined,
      );
      return [
        { name: 'lead', workflowId },
        { name: call.id, workflowId: call.childWorkflowId },
      ];
    },
  },
  {
    // Issue 14: an anonymous client's incident, reported as a customer request: waits on the client, is reminded,
    // escalates to L3, is answered and resolved (postmortem task), and its week's on-call retro runs.
    name: 'support-escalated',
    async drive(context) {
      const { client } = context.env;
      const opened = await openSupportRequest(
        client,
        {
          requestId: 'slack-1',
          clientLabel: 'hush',
          clientName: 'Hush Corp',
          channel: 'chat',
          level: 'L2',
          text: 'Checkout is down',
          incident: true,
          customerRequest: true,
        },
        context.taskQueue,
      );
      const state = () => supportRequestState(client, opened.workflowId);
      await eventually(state, (current) => current.issue !== undefined);
      const by = { by: 'tech@example.com' };
      await actOnSupportRequest(client, opened.workflowId, 'wait', by);
      await context.env.sleep(HOUR_MS);
      await actOnSupportRequest(client, opened.workflowId, 'replied', by);
      await context.env.sleep(26 * HOUR_MS);
      await eventually(state, (current) => current.level === 'L3');
      await actOnSupportRequest(client, opened.workflowId, 'answer', { by: 'expert@example.com' });
      await actOnSupportRequest(client, opened.workflowId, 'resolve', { by: 'expert@example.com' });
      await client.workflow.getHandle(opened.workflowId).result();
      const retroId = onCallRetroWorkflowId(onCallWeek(Date.parse((await state()).receivedAt)).start);
      await client.workflow.getHandle(retroId).result();
      return [
        { name: 'request', workflowId: opened.workflowId },
        { name: 'retro', workflowId: retroId },
      ];
    },
  },
  {
    // Rules revision 5 (LEAN_HISTORY_PATCH): upserts of changed attributes only, one wake-up timer kept across
    // changes, a reminder, and the carried state handed over by continue-as-new.
    name: 'lean-history',
    drive: remindedAndBilledAcrossRuns,
  },
  {
    // Rules revision 6 (LEAN_TASKS_PATCH): one rules marker for the run; the wake-up timer's follow-up reminder,
    // billing, and the continue-as-new hand-over. (Recorded while revision 6 also waited on a single condition,
    // since withdrawn: the commands are the same, and the history replays.)
    name: 'lean-tasks',
    drive: remindedAndBilledAcrossRuns,
  },
  {
    // Rules revision 2: the quote drafted on arrival, redrafted as the P&T plan when the lead scores Low, approved.
    name: 'first-contact-greeting',
    async drive(context) {
      const { client } = context.env;
      const { workflowId } = await start(context);
      await completeGate(client, workflowId, {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: msBrownScores, responsive: true },
      });
      const greeted = await decideGreeting(client, workflowId, { decision: 'approve', by: BY, note: 'Welcome!' });
      if (greeted.greeting?.status !== 'sent' || greeted.greeting.kind !== 'pt-plan') {
        throw new Error('the P&T plan greeting was not sent');
      }
      return [{ name: 'lead', workflowId }];
    },
  },
  {
    // Rules revision 3: a gate Signal carrying a field nobody reads is kept as a rejection; the next one moves the lead.
    name: 'input-bounds',
    async drive(context) {
      const { client } = context.env;
      const { workflowId } = await start(context);
      const handle = leadHandle(client, workflowId);
      await handle.signal(gateSignal, { ...qualify, comment: 'sent by a form with one field too many' } as never);
      await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.rejected.length > 0,
      );
      await handle.signal(gateSignal, qualify);
      await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.stage === 'assess-needs',
      );
      return [{ name: 'lead', workflowId }];
    },
  },
  {
    // Rules revision 4: an iterative client entering Development gets its sprint status Schedule (which this server
    // cannot keep: the lead records the failure), and one firing's run, started here as the Schedule would.
    name: 'sprint-status-iterative',
    async drive(context) {
      const { client } = context.env;
      const workflowId = await iterativeClient(context);
      const lead = await eventually(
        () => getLeadState(client, workflowId),
        (s) => s.problems.some((problem) => problem.what === 'sprint status schedule'),
      );
      if (lead.rulesRevision !== 4) throw new Error(`the lead follows rules revision ${lead.rulesRevision}, not 4`);

      const calendar = { start: '2026-01-05', lengthDays: 14 };
      const sprint = currentSprint(calendar, new Date(await context.env.currentTimeMs()));
      const tracker = new JsonLinesTracker({ file: path.join(context.dir, 'tasks.jsonl') });
      await tracker.createTask({
        externalId: 'hedera-sso',
        summary: 'SSO login',
        description: 'SSO through the university identity provider',
        assignee: 'ana@example.com',
        dueDate: sprint.lastDay,
        estimateHours: 8,
        labels: [lead.lead.mailingListLabel],
      });
      const firingId = `${sprintStatusScheduleId(workflowId)}-${sprint.lastDay}T09:00:00Z`;
      // An ordinary client: the environment's own would let time skip while it waits, moving the lead on by months.
      const plain = new TemporalClient({ connection: context.env.connection, namespace: context.env.namespace });
      const result = await plain.workflow.execute(clientSprintStatus, {
        taskQueue: context.taskQueue,
        workflowId: firingId,
        args: [
          {
            leadWorkflowId: workflowId,
            clientName: lead.lead.name,
            clientEmail: lead.lead.email,
            organisation: lead.lead.organisation,
            mailingListLabel: lead.lead.mailingListLabel,
            clientOwner: lead.clientOwner ?? BY,
            sprint: calendar,
          },
        ],
      });
      if (!result.sent) throw new Error(`the sprint status was not sent: ${result.reason}`);
      return [
        { name: 'lead', workflowId },
        { name: 'sprint', workflowId: firingId },
        { name: 'email', workflowId: result.emailWorkflowId },
      ];
    },
  },
];
