import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { LifecycleActivities, TeamTask } from './activity-interface';
import {
  changesRequested,
  checkReview,
  FINAL_PERIOD,
  invoiceDrafted,
  DISCOVERY_PERIOD,
  invoiceIdFor,
  invoiceSent,
  monthBefore,
  monthlyRunDone,
  retryMonthlyRunTomorrow,
  startMonthlyBilling,
} from './billing';
import { callBooked, callEnded, planCall } from './calls';
import { discoveryScheduled } from './discovery';
import { engagementCode } from './engagement';
import { meetingEtiquette } from './meeting';
import { strategyScheduleId } from '../rules/strategy-review';
import {
  completeFollowUp,
  DEFAULT_FOLLOW_UP_DAYS,
  followUpOwner,
  openFollowUps,
  remindAndRollForward,
  rescheduleFollowUp,
  scheduleFollowUp,
} from './follow-ups';
import { flagIdle, idleDeadline, idleLimit } from './idle';
import { parseLead } from './lead';
import { checkLifecycleInput } from './lifecycle-input';
import { changeMaintenance } from './maintenance-changes';
import { parseNewProject, startProject } from './projects';
import { meetingStepFailed, recordingStored, recordMeeting, repeatedMeeting, summarySent } from './meetings';
import {
  closeLeadSignal,
  closeLeadUpdate,
  completeGateUpdate,
  gateSignal,
  historyQuery,
  meetingDoneUpdate,
  openFollowUpsQuery,
  rescheduleFollowUpUpdate,
  completeFollowUpUpdate,
  changeMaintenanceUpdate,
  scheduleCallUpdate,
  callOutcomeSignal,
  reviewInvoiceUpdate,
  scheduleFollowUpUpdate,
  scoreQuery,
  stageQuery,
  stateQuery,
  type LifecycleInput,
} from './messages';
import { monthlyInvoice } from '../rules/billing';
import { InvalidInputError } from '../rules/validation';
import { isUndecodable, UNDECODABLE } from './payload-converter';
import { acceptInput } from './workflow-input';
import {
  CLIENT_OWNER,
  FOLLOW_UP_DUE,
  LEAD_IDLE,
  LEAD_PRIORITY,
  LEAD_SCORE,
  LEAD_SOURCE,
  LIFECYCLE_STAGE,
} from './search-attributes';
import { STAGE_LABELS, isFinished, type LifecycleStage } from './stages';
import type { LifecycleState, MeetingRecord } from './state';
import { closeLead, completeGate, startLifecycle, type Transition } from './transitions';
import { CURRENT_RULES_REVISION, followsRevision, HANDBOOK_FIDELITY_PATCH } from './patches';
import { gateBilledPeriods, isPeriodBilled } from './billed-periods';
import { closeTasks, tenderReviewTask } from './team-tasks';

/** Retried with backoff; after this many attempts the failure is surfaced on the lead rather than retried for ever. */
const OUTSIDE_SYSTEM_RETRY = {
  initialInterval: '5 seconds',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
  maximumAttempts: 10,
};

const {
  sendFollowUpReminder,
  sendIdleWarning,
  sendMeetingSummary,
  scheduleDiscovery,
  gatherWorkLogs,
  draftInvoice,
  sendInvoice,
  warnBudgetOverrun,
  createTeamTask,
  ensureStrategySchedule,
  deleteStrategySchedule,
} = proxyActivities<LifecycleActivities>({
  // Above the adapters' own request budgets (Jira: up to three 30 s calls), so an attempt never outlives its deadline.
  startToCloseTimeout: '5 minutes',
  // The worker heartbeats every running activity (worker/heartbeat-interceptor.ts): an attempt lost with a crashed
  // worker is retried after this, not after the whole five minutes.
  heartbeatTimeout: '30 seconds',
  retry: OUTSIDE_SYSTEM_RETRY,
});

/** Recordings are large: a long deadline, and heartbeats so a stalled upload is noticed within a minute. */
const { storeMeetingRecording } = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: OUTSIDE_SYSTEM_RETRY,
});

/** Far below Temporal's 10,240-event limit, so a years-long client never gets near it. */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

/** Signals rejected and kept on the lead for people to see; older ones are dropped. */
export const MAX_KEPT_REJECTIONS = 20;

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** A field of an untrusted request, as text that cannot throw however the request was built. */
function fieldText(request: unknown, field: string): string {
  const value =
    typeof request === 'object' && request !== null ? (request as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? shorten(value, 60) : `(${typeof value})`;
}

function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** One long-running workflow per lead: from the first inquiry, through the stage gates, to years of billing. */
export async function customerLifecycle(untrustedInput: LifecycleInput): Promise<LifecycleState> {
  const input = acceptInput(() => checkLifecycleInput(untrustedInput, workflowInfo().continuedFromExecutionRunId));
  let state: LifecycleState = acceptInput(
    () =>
      input.resume ??
      (input.project
        ? startProject(parseLead(input.lead), parseNewProject(input.project), new Date())
        : startLifecycle(parseLead(input.lead), new Date())),
  );
  // Asked once per run: a lead that was running before the change replays and continues under its old rules.
  if (patched(HANDBOOK_FIDELITY_PATCH)) {
    state = { ...state, rulesRevision: Math.max(state.rulesRevision ?? 0, CURRENT_RULES_REVISION) };
  }
  const followUpDays = input.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS;
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const engagement = engagementCode(firstExecutionRunId);
  const keyFor = (step: string) => `${workflowId}/${engagement}/${step}`;
  let changes = 0;
  /** Follow-through running beside the main loop (emails, uploads): awaited before the run ends. */
  const inFlight = new Set<Promise<void>>();

  const commit = (transition: Transition): LifecycleState => {
    const before = state.stage;
    state = transition.state;
    changes += 1;
    publishVisibility(state);
    log.info(transition.summary, { stage: state.stage });
    if (state.stage !== before) onEnter(state.stage);
    return state;
  };

  const inBackground = (work: () => Promise<void>): void => {
    const running: Promise<void> = work().finally(() => inFlight.delete(running));
    inFlight.add(running);
  };

  /** What entering a stage sets off, whichever Update, Signal or timer moved the lead there. */
  const onEnter = (stage: LifecycleStage): void => {
    const revised = followsRevision(state, 1);
    if (stage === 'blueprint' && !(revised && state.smallProject?.option === 'development')) {
      inBackground(assignDiscovery);
    }
    if (stage === 'development') state = startMonthlyBilling(state, new Date());
    if (stage === 'development' && state.clientEpic && state.clientOwner && !state.strategySchedule) {
      inBackground(startStrategyReviews);
    }
    if (stage === 'billing' && completedProject(state)) inBackground(draftFinalInvoice);
    if (isFinished(stage) && state.strategySchedule?.status === 'active' && !(revised && stillAClient(state))) {
      inBackground(stopStrategyReviews);
    }
    if (!revised) return;
    if (stage === 'assess-needs' && state.bid?.respond && state.bid.needsReview) {
      inBackground(() => createTasks([tenderReviewTask(state)]));
    }
    if (stage === 'proposal' && state.discovery?.charge === 'paid-up-front') inBackground(draftDiscoveryInvoice);
    if (stage === 'close') inBackground(() => createTasks(closeTasks(state)));
    if (stage === 'development' && state.discovery?.charge === 'billed-on-acceptance') {
      inBackground(draftDiscoveryInvoice);
    }
    if (stage === 'development') inBackground(warnIfGateBilledOverBudget);
  };

  /** Handbook steps a person must take, as tracker tasks; one that cannot be created is noted on the lead. */
  const createTasks = async (tasks: TeamTask[]): Promise<void> => {
    for (const task of tasks) {
      try {
        const created = await createTeamTask({ ...task, idempotencyKey: keyFor(`task/${task.key}`) });
        commit({
          state: {
            ...state,
            notes: [
              ...state.notes,
              {
                at: new Date().toISOString(),
                by: 'lifecycle',
                text: `Task ${created.key}: ${task.summary}`,
                link: created.url,
              },
            ],
          },
          summary: `Task ${created.key} created: ${task.summary}`,
        });
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        recordProblem(`task "${task.summary}"`, error);
      }
    }
  };

  /** The handbook's "schedule necessary discovery tasks", as the lead enters Blueprint. */
  const assignDiscovery = async (): Promise<void> => {
    try {
      const scheduled = await scheduleDiscovery({
        idempotencyKey: keyFor('discovery'),
        leadName: state.lead.name,
        organisation: state.lead.organisation,
        leadWorkflowId: workflowId,
        priority: state.rubric?.category ?? 'unscored',
        ...(state.smallProject?.option === 'discovery' ? { timeboxHours: state.smallProject.billableHours } : {}),
        ...(state.discovery?.assignTo === 'client-owner' && state.clientOwner ? { assignee: state.clientOwner } : {}),
      });
      commit(
        discoveryScheduled(state, {
          assignee: scheduled.assignee,
          via: scheduled.assignment.kind,
          dueDate: scheduled.dueDate,
          taskKey: scheduled.task.key,
          taskUrl: scheduled.task.url,
        }),
      );
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      recordProblem('discovery scheduling', error);
    }
  };

  const recordProblem = (what: string, error: unknown): void => {
    const message = failureMessage(error);
    commit({
      state: { ...state, problems: [...state.problems, { at: new Date().toISOString(), what, message }] },
      summary: `${what} failed: ${message}`,
    });
  };

  /** The handbook's quarterly client strategy ticket, for clients with a client epic, as a Temporal Schedule. */
  const startStrategyReviews = async (): Promise<void> => {
    const scheduleId = strategyScheduleId(workflowId);
    try {
      await ensureStrategySchedule({
        scheduleId,
        input: {
          leadWorkflowId: workflowId,
          clientName: state.lead.name,
          organisation: state.lead.organisation,
          clientOwner: state.clientOwner ?? '',
          mailingListLabel: state.lead.mailingListLabel,
        },
      });
      commit({
        state: { ...state, strategySchedule: { scheduleId, status: 'active' } },
        summary: `Quarterly strategy reviews scheduled (${scheduleId})`,
      });
      // The client may have ended while the schedule was being created: it must not outlive them.
      if (isFinished(state.stage)) await stopStrategyReviews();
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      recordProblem('strategy schedule', error);
    }
  };

  const stopStrategyReviews = async (): Promise<void> => {
    const scheduleId = state.strategySchedule?.scheduleId ?? strategyScheduleId(workflowId);
    try {
      await deleteStrategySchedule({ scheduleId });
      state = { ...state, strategySchedule: { scheduleId, status: 'deleted' } };
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      recordProblem('strategy schedule', error);
    }
  };

  const draftFinalInvoice = (): Promise<void> =>
    draftOneOffInvoice(FINAL_PERIOD, 'Fixed-price project', state.deal?.totalHours ?? state.estimatedHours ?? 0);

  /** 001: a discovery paid up front is invoiced once it is done; an RFP's, once the terms are accepted. */
  const draftDiscoveryInvoice = async (): Promise<void> => {
    const hours = state.discovery?.hours ?? 0;
    if (hours <= 0 || isPeriodBilled(state, DISCOVERY_PERIOD)) return;
    await draftOneOffInvoice(DISCOVERY_PERIOD, 'Technical discovery', hours);
  };

  const draftOneOffInvoice = async (period: string, label: string, totalHours: number): Promise<void> => {
    const invoiceId = invoiceIdFor(state.lead.mailingListLabel, period, engagement);
    const lines = [{ label, hours: totalHours }];
    try {
      const drafted = await draftInvoice({
        invoiceId,
        client: state.lead.mailingListLabel,
        organisation: state.lead.organisation,
        period,
        lines,
        totalHours,
        overBudgetByHours: 0,
      });
      commit(invoiceDrafted(state, { month: period, lines, totalHours, overBudgetByHours: 0 }, drafted, new Date()));
    } catch (error) {
      recordProblem(`invoice ${invoiceId}`, error);
    }
  };

  /** A month billed by the gate is checked against the hours bank as the monthly run checks its own. */
  const warnIfGateBilledOverBudget = async (): Promise<void> => {
    const billed = gateBilledPeriods(state).at(-1);
    const bank = state.deal?.monthlyHoursBank;
    const owner = followUpOwner(state);
    const justBilled = billed?.at === state.history[state.history.length - 1].enteredAt;
    if (!billed || !justBilled || bank === undefined || billed.hoursBilled <= bank || !owner) return;
    await sendBudgetWarning(billed.period, billed.invoiceRef, billed.hoursBilled, bank, owner);
  };

  const sendBudgetWarning = async (
    month: string,
    invoiceId: string,
    usedHours: number,
    budgetHours: number,
    owner: string,
  ): Promise<void> => {
    try {
      await warnBudgetOverrun({
        idempotencyKey: keyFor(`${invoiceId}/budget`),
        to: owner,
        organisation: state.lead.organisation,
        month,
        usedHours,
        budgetHours,
      });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      recordProblem(`budget warning ${invoiceId}`, error);
    }
  };

  /** The month just ended: its logs, its invoice drafted for review, and a warning if the budget was passed. */
  const runMonthlyBilling = async (runAt: Date): Promise<void> => {
    const { lead, deal } = state;
    const month = monthBefore(runAt);
    const invoiceId = invoiceIdFor(lead.mailingListLabel, month, engagement);
    if (followsRevision(state, 1) && isPeriodBilled(state, month)) {
      state = monthlyRunDone(state, runAt);
      return;
    }
    let invoice: ReturnType<typeof monthlyInvoice>;
    try {
      const hourly = deal?.pricing === 'iterative' || deal?.hourlyMaintenance === true;
      const logs = hourly ? await gatherWorkLogs({ client: lead.mailingListLabel, month }) : [];
      invoice = monthlyInvoice({
        month,
        ...(deal?.maintenance
          ? { maintenance: { tier: deal.maintenance.tier, instances: deal.maintenance.instances } }
          : {}),
        hourlyLogs: logs,
        ...(deal?.monthlyHoursBank !== undefined ? { monthlyBudgetHours: deal.monthlyHoursBank } : {}),
      });
      const drafted = await draftInvoice({
        ...invoice,
        invoiceId,
        client: lead.mailingListLabel,
        organisation: lead.organisation,
        period: month,
      });
      const transition = invoiceDrafted(state, invoice, drafted, new Date());
      commit({ state: monthlyRunDone(transition.state, runAt), summary: transition.summary });
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof ActivityFailure)) throw error;
      // The month stays due and is tried again tomorrow: a month is never silently left unbilled.
      state = retryMonthlyRunTomorrow(state, runAt);
      if (!state.problems.some((problem) => problem.what === `invoice ${invoiceId}`)) {
        recordProblem(`invoice ${invoiceId}`, error);
      }
      return;
    }
    const owner = followUpOwner(state);
    if (invoice.overBudgetByHours > 0 && owner && invoice.budgetHours !== undefined) {
      const usedHours = invoice.budgetHours + invoice.overBudgetByHours;
      await sendBudgetWarning(month, invoiceId, usedHours, invoice.budgetHours, owner);
    }
  };

  const flagIdleLead = async (idleDays: number): Promise<void> => {
    const entered = state.history[state.history.length - 1].enteredAt;
    commit(flagIdle(state, idleDays, new Date()));
    const owner = followUpOwner(state);
    if (!owner) return;
    try {
      await sendIdleWarning({
        idempotencyKey: keyFor(`idle/${state.stage}/${entered}`),
        to: owner,
        leadName: state.lead.name,
        organisation: state.lead.organisation,
        stage: STAGE_LABELS[state.stage],
        idleDays,
        lastActivity: entered,
      });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      recordProblem('idle warning', error);
    }
  };

  /** Whatever fell due while the workflow slept: follow-up reminders, the monthly invoice, an idle flag. */
  const runDueWork = async (): Promise<void> => {
    const now = new Date().getTime();
    for (const due of openFollowUps(state).filter((followUp) => Date.parse(followUp.dueAt) <= now)) {
      try {
        await sendFollowUpReminder({
          idempotencyKey: keyFor(`${due.id}/reminder-${due.reminders + 1}`),
          to: due.owner,
          leadName: state.lead.name,
          organisation: state.lead.organisation,
          stage: STAGE_LABELS[state.stage],
          dueAt: due.dueAt,
        });
      } catch (error) {
        // Rolled forward all the same: the next due date tries again, and the lead says why this one was missed.
        if (!(error instanceof ActivityFailure)) throw error;
        recordProblem(`${due.id} reminder`, error);
      }
      commit(remindAndRollForward(state, due.id, followUpDays, new Date()));
    }
    if (state.billing.nextRunAt && Date.parse(state.billing.nextRunAt) <= now) {
      await runMonthlyBilling(new Date(state.billing.nextRunAt));
    }
    const idleAt = idleDeadline(state, input.idleDays);
    const idleDays = idleLimit(state.stage, input.idleDays);
    if (idleAt && idleDays !== undefined && idleAt.getTime() <= now) await flagIdleLead(idleDays);
  };

  const nextWakeAt = (): number | undefined => {
    const times = [
      openFollowUps(state)[0]?.dueAt,
      state.billing.nextRunAt,
      idleDeadline(state, input.idleDays)?.toISOString(),
    ]
      .filter((time): time is string => time !== undefined)
      .map((time) => Date.parse(time));
    return times.length > 0 ? Math.min(...times) : undefined;
  };

  const followThroughMeeting = async (meeting: MeetingRecord): Promise<void> => {
    const key = keyFor(meeting.id);
    const { lead } = state;
    const summary = sendMeetingSummary({
      idempotencyKey: `${key}/summary`,
      clientEmail: lead.email,
      clientName: lead.name,
      organisation: lead.organisation,
      mailingListLabel: lead.mailingListLabel,
      ...(state.clientOwner ? { clientOwner: state.clientOwner } : {}),
      ...(meeting.epicOwner ? { epicOwner: meeting.epicOwner } : {}),
      sender: meeting.by,
      senderName: meeting.senderName ?? meeting.by,
      meetingTitle: meeting.title,
      meetingDate: meeting.heldAt.slice(0, 10),
      discussed: meeting.discussed,
      nextSteps: meeting.nextSteps,
    }).then(
      () => void commit(summarySent(state, meeting.id)),
      (error: unknown) =>
        void commit(meetingStepFailed(state, meeting.id, 'summary email', failureMessage(error), new Date())),
    );
    const recording = meeting.recording
      ? storeMeetingRecording({
          idempotencyKey: `${key}/recording`,
          source: meeting.recording.source,
          clientFolder: lead.mailingListLabel,
          fileName: `${meeting.heldAt.slice(0, 10)} ${meeting.title} (${lead.email} ${meeting.id})${extensionOf(meeting.recording.source)}`,
        }).then(
          (stored) => void commit(recordingStored(state, meeting.id, stored.webLink, new Date())),
          (error: unknown) =>
            void commit(meetingStepFailed(state, meeting.id, 'recording', failureMessage(error), new Date())),
        )
      : Promise.resolve();
    await Promise.all([summary, recording]);
  };

  /**
   * A signal has no caller to answer: a rejection is kept on the lead instead of being thrown away, shortened and
   * with only the latest kept, so no sender can grow the lead without bound or wedge it with a handler that throws.
   */
  const commitSignal = (signal: string, request: unknown, transition: (request: unknown) => Transition): void => {
    if (isUndecodable(request)) {
      keepRejection(`${signal} (undecodable)`, `the Signal's payload could not be decoded: ${request[UNDECODABLE]}`);
      return;
    }
    try {
      commit(transition(request));
    } catch (error) {
      keepRejection(`${signal} ${fieldText(request, signal === 'gate' ? 'stage' : 'outcome')}`, failureMessage(error));
    }
  };

  const keepRejection = (change: string, reason: string): void => {
    const rejection = { at: new Date().toISOString(), change: shorten(change, 100), reason: shorten(reason, 500) };
    state = { ...state, rejected: [...state.rejected, rejection].slice(-MAX_KEPT_REJECTIONS) };
    log.warn('Rejected signal', { change: rejection.change, reason: rejection.reason });
  };

  setHandler(stateQuery, () => state);
  setHandler(stageQuery, () => state.stage);
  setHandler(historyQuery, () => state.history);
  setHandler(scoreQuery, () => state.rubric);
  setHandler(openFollowUpsQuery, () => openFollowUps(state));

  setHandler(completeGateUpdate, (request) => commit(completeGate(state, request, new Date())), {
    validator: (request) => void completeGate(state, request, new Date()),
  });
  setHandler(closeLeadUpdate, (request) => commit(closeLead(state, request, new Date())), {
    validator: (request) => void closeLead(state, request, new Date()),
  });
  setHandler(
    scheduleFollowUpUpdate,
    (request) => {
      const { state: next, followUp } = scheduleFollowUp(state, request, new Date());
      commit({ state: next, summary: `Follow-up due ${followUp.dueAt}: ${followUp.reason}` });
      return followUp;
    },
    { validator: (request) => void scheduleFollowUp(state, request, new Date()) },
  );
  setHandler(
    rescheduleFollowUpUpdate,
    (request) => {
      const { state: next, followUp } = rescheduleFollowUp(state, request, new Date());
      commit({ state: next, summary: `Follow-up ${followUp.id} now due ${followUp.dueAt}` });
      return followUp;
    },
    { validator: (request) => void rescheduleFollowUp(state, request, new Date()) },
  );
  setHandler(changeMaintenanceUpdate, (request) => commit(changeMaintenance(state, request, new Date())), {
    validator: (request) => void changeMaintenance(state, request, new Date()),
  });
  setHandler(
    completeFollowUpUpdate,
    (request) => {
      const { followUp, ...transition } = completeFollowUp(state, request);
      commit(transition);
      return followUp;
    },
    { validator: (request) => void completeFollowUp(state, request) },
  );
  setHandler(
    meetingDoneUpdate,
    (request) => {
      const repeated = repeatedMeeting(state, request, new Date());
      if (repeated) return repeated;
      const { state: next, meeting } = recordMeeting(state, request, new Date(), followUpDays);
      commit({ state: next, summary: `Meeting "${meeting.title}" done; follow-up ${meeting.followUpId} set` });
      inBackground(() => followThroughMeeting(meeting));
      return meeting;
    },
    {
      validator: (request) =>
        void (repeatedMeeting(state, request, new Date()) ?? recordMeeting(state, request, new Date(), followUpDays)),
    },
  );
  setHandler(
    reviewInvoiceUpdate,
    async (request) => {
      const { review, invoice } = checkReview(state, request);
      if (!review.approved) return commit(changesRequested(state, invoice.invoiceId, review.note));
      const { lead } = state;
      const { sentAt } = await sendInvoice({
        idempotencyKey: keyFor(`${invoice.invoiceId}/send`),
        invoiceId: invoice.invoiceId,
        period: invoice.period,
        clientEmail: lead.email,
        clientName: lead.name,
        organisation: lead.organisation,
        mailingListLabel: lead.mailingListLabel,
        ...(state.clientOwner ? { clientOwner: state.clientOwner } : {}),
      });
      // Two reviewers approving at once both send the same email (one Message-ID); only the first counts it.
      if (!state.billing.pending.some((pending) => pending.invoiceId === invoice.invoiceId)) return state;
      return commit(invoiceSent(state, invoice, review.by, sentAt));
    },
    { validator: (request) => void checkReview(state, request) },
  );
  setHandler(
    scheduleCallUpdate,
    async (request) => {
      const { input: meeting, call } = planCall(state, workflowId, request, new Date(), engagement);
      // Abandoned on close: a meeting's etiquette outlives a continue-as-new of the lead, and reports by signal.
      await startChild(meetingEtiquette, {
        workflowId: call.childWorkflowId,
        args: [meeting],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      commit(callBooked(state, call));
      return call;
    },
    { validator: (request) => void planCall(state, workflowId, request, new Date(), engagement) },
  );
  setHandler(callOutcomeSignal, (report) => {
    // Only our own child sends this, but a malformed signal must not wedge the lead on every replay.
    if (typeof report?.callId !== 'string' || typeof report.outcome?.outcome !== 'string') return;
    commit(callEnded(state, report.callId, report.outcome, new Date()));
  });
  setHandler(gateSignal, (request) =>
    commitSignal('gate', request, (decoded) => completeGate(state, decoded, new Date())),
  );
  setHandler(closeLeadSignal, (request) =>
    commitSignal('close', request, (decoded) => closeLead(state, decoded, new Date())),
  );

  upsertMemo({ leadName: state.lead.name, organisation: state.lead.organisation, email: state.lead.email });
  publishVisibility(state);
  // A project starts in Blueprint: what entering it sets off (the discovery) runs as for any other lead.
  if (input.project && !input.resume) onEnter(state.stage);

  const continueAsNewAfter = input.continueAsNewAfterEvents ?? CONTINUE_AS_NEW_AFTER_EVENTS;
  while (!isFinished(state.stage)) {
    const wakeAt = nextWakeAt();
    const seen = changes;
    const changed = await condition(
      () => changes !== seen || isFinished(state.stage),
      wakeAt === undefined ? undefined : Math.max(0, wakeAt - new Date().getTime()),
    );
    if (!changed) await runDueWork();
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > continueAsNewAfter) {
      await condition(() => inFlight.size === 0 && allHandlersFinished());
      return continueAsNew<typeof customerLifecycle>({ ...input, resume: state });
    }
  }
  await condition(() => inFlight.size === 0 && allHandlersFinished());
  return state;
}

/** The lead just left Development through the gate that says the fixed-price project is finished. */
function completedProject(state: LifecycleState): boolean {
  const evidence = state.history[state.history.length - 2]?.evidence as { completed?: string } | undefined;
  return state.deal?.pricing === 'fixed' && evidence?.completed === 'project';
}

/** A fixed-price project delivered and billed ends the engagement, not the client: its strategy reviews go on. */
function stillAClient(state: LifecycleState): boolean {
  const billed = state.history[state.history.length - 2]?.evidence as { invoiceRef?: string } | undefined;
  return state.stage === 'won' && billed?.invoiceRef !== undefined;
}

function extensionOf(source: string): string {
  const match = /\.[a-z0-9]{1,5}$/i.exec(source.split(/[?#]/)[0]);
  return match ? match[0].toLowerCase() : '';
}

function publishVisibility(state: LifecycleState): void {
  const nextDue = openFollowUps(state)[0];
  upsertSearchAttributes([
    { key: LIFECYCLE_STAGE, value: STAGE_LABELS[state.stage] },
    { key: LEAD_SOURCE, value: state.lead.source },
    { key: LEAD_PRIORITY, value: state.rubric?.category ?? null },
    { key: LEAD_SCORE, value: state.rubric?.total ?? null },
    { key: CLIENT_OWNER, value: state.clientOwner ?? null },
    { key: FOLLOW_UP_DUE, value: nextDue ? new Date(nextDue.dueAt) : null },
    { key: LEAD_IDLE, value: state.idle !== undefined },
  ]);
}
