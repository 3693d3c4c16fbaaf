import {
  condition,
  continueAsNew,
  ParentClosePolicy,
  setHandler,
  startChild,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { checkReview } from './billing';
import { carriedState } from './carried-state';
import { callBooked, callEnded, planCall } from './calls';
import { engagementCode } from './engagement';
import {
  completeFollowUp,
  DEFAULT_FOLLOW_UP_DAYS,
  openFollowUps,
  rescheduleFollowUp,
  scheduleFollowUp,
} from './follow-ups';
import { reviewInvoice } from './follow-through/billing';
import { LeadRun } from './follow-through/lead-run';
import { nextWake, runDueWork } from './follow-through/due-work';
import { followThroughMeeting } from './follow-through/meeting';
import { commitSignal } from './follow-through/rejected-signals';
import { onEnter } from './follow-through/stage-entry';
import { WakeTimer } from './follow-through/wake-timer';
import { parseLead } from './lead';
import { checkLifecycleInput } from './lifecycle-input';
import { changeMaintenance } from './maintenance-changes';
import { meetingEtiquette } from './meeting';
import { recordMeeting, repeatedMeeting, retryFailedSteps } from './meetings';
import * as messages from './messages';
import { followsRevision, INPUT_BOUNDS_REVISION, LEAN_HISTORY_REVISION } from './patches';
import { askRulesRevision } from './rules-revision';
import { checkLeadBounds } from './input-bounds';
import { checkGreetingDecision, draftGreeting, GREETING_REVISION } from './greeting';
import { decideGreeting } from './follow-through/greeting';
import { parseNewProject, startProject } from './projects';
import { isFinished } from './stages';
import type { LifecycleState } from './state';
import { closeLead, completeGate, startLifecycle, type Transition } from './transitions';
import { acceptInput } from './workflow-input';

export { MAX_KEPT_REJECTIONS } from './follow-through/rejected-signals';

/** Far below Temporal's 10,240-event limit, so a years-long client never gets near it. */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

/** One long-running workflow per lead: from the first inquiry, through the stage gates, to years of billing. */
export async function customerLifecycle(untrustedInput: messages.LifecycleInput): Promise<LifecycleState> {
  const input = acceptInput(() => checkLifecycleInput(untrustedInput, workflowInfo().continuedFromExecutionRunId));
  let initial: LifecycleState = acceptInput(
    () =>
      input.resume ??
      (input.project
        ? startProject(parseLead(input.lead), parseNewProject(input.project), new Date())
        : startLifecycle(parseLead(input.lead), new Date())),
  );
  // Asked once per run: a lead that was running before the change replays and continues under its old rules.
  const revision = askRulesRevision();
  if (revision > 0) initial = { ...initial, rulesRevision: Math.max(initial.rulesRevision ?? 0, revision) };
  const startedLead = initial.lead;
  if (!input.resume && followsRevision(initial, INPUT_BOUNDS_REVISION)) acceptInput(() => checkLeadBounds(startedLead));
  if (!input.resume && !input.project && followsRevision(initial, GREETING_REVISION)) {
    initial = draftGreeting(initial, undefined, new Date());
  }
  const timers = { followUpDays: input.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS, idleDays: input.idleDays };
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const engagement = engagementCode(firstExecutionRunId);
  const run = new LeadRun(initial, workflowId, engagement);
  const state = (): LifecycleState => run.state();
  /** An Update's handler and its validator run the same transition: a rejected request never enters the history. */
  const transitionUpdate = <Request>(
    update: UpdateDefinition<LifecycleState, [Request]>,
    transition: (state: LifecycleState, request: unknown, now: Date) => Transition,
  ) =>
    setHandler(update, (request) => run.commit(transition(state(), request, new Date())), {
      validator: (request) => void transition(state(), request, new Date()),
    });

  setHandler(messages.stateQuery, () => state());
  setHandler(messages.stageQuery, () => state().stage);
  setHandler(messages.historyQuery, () => state().history);
  setHandler(messages.scoreQuery, () => state().rubric);
  setHandler(messages.openFollowUpsQuery, () => openFollowUps(state()));

  transitionUpdate(messages.completeGateUpdate, completeGate);
  transitionUpdate(messages.closeLeadUpdate, closeLead);
  transitionUpdate(messages.changeMaintenanceUpdate, changeMaintenance);
  setHandler(
    messages.scheduleFollowUpUpdate,
    (request) => {
      const { state: next, followUp } = scheduleFollowUp(state(), request, new Date());
      run.commit({ state: next, summary: `Follow-up due ${followUp.dueAt}: ${followUp.reason}` });
      return followUp;
    },
    { validator: (request) => void scheduleFollowUp(state(), request, new Date()) },
  );
  setHandler(
    messages.rescheduleFollowUpUpdate,
    (request) => {
      const { state: next, followUp } = rescheduleFollowUp(state(), request, new Date());
      run.commit({ state: next, summary: `Follow-up ${followUp.id} now due ${followUp.dueAt}` });
      return followUp;
    },
    { validator: (request) => void rescheduleFollowUp(state(), request, new Date()) },
  );
  setHandler(
    messages.completeFollowUpUpdate,
    (request) => {
      const { followUp, ...transition } = completeFollowUp(state(), request);
      run.commit(transition);
      return followUp;
    },
    { validator: (request) => void completeFollowUp(state(), request) },
  );
  setHandler(
    messages.meetingDoneUpdate,
    (request) => {
      const repeated = repeatedMeeting(state(), request, new Date());
      if (repeated) return repeated;
      const { state: next, meeting } = recordMeeting(state(), request, new Date(), timers.followUpDays);
      run.commit({ state: next, summary: `Meeting "${meeting.title}" done; follow-up ${meeting.followUpId} set` });
      run.inBackground(() => followThroughMeeting(run, meeting));
      return meeting;
    },
    {
      validator: (request) =>
        void (
          repeatedMeeting(state(), request, new Date()) ??
          recordMeeting(state(), request, new Date(), timers.followUpDays)
        ),
    },
  );
  setHandler(
    messages.retryMeetingStepsUpdate,
    (request) => {
      const { meeting, steps, ...transition } = retryFailedSteps(state(), request);
      run.commit(transition);
      run.inBackground(() => followThroughMeeting(run, meeting, steps));
      return meeting;
    },
    { validator: (request) => void retryFailedSteps(state(), request) },
  );
  setHandler(messages.reviewInvoiceUpdate, (request) => reviewInvoice(run, request), {
    validator: (request) => void checkReview(state(), request),
  });
  setHandler(messages.decideGreetingUpdate, (request) => decideGreeting(run, request), {
    validator: (request) => void checkGreetingDecision(state(), request),
  });
  setHandler(
    messages.scheduleCallUpdate,
    async (request) => {
      const { input: meeting, call } = planCall(state(), workflowId, request, new Date(), engagement);
      // Abandoned on close: a meeting's etiquette outlives a continue-as-new of the lead, and reports by signal.
      await startChild(meetingEtiquette, {
        workflowId: call.childWorkflowId,
        args: [meeting],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      run.commit(callBooked(state(), call));
      return call;
    },
    { validator: (request) => void planCall(state(), workflowId, request, new Date(), engagement) },
  );
  setHandler(messages.callOutcomeSignal, (report) => {
    // Only our own child sends this, but a malformed signal must not wedge the lead on every replay.
    if (typeof report?.callId !== 'string' || typeof report.outcome?.outcome !== 'string') return;
    run.commit(callEnded(state(), report.callId, report.outcome, new Date()));
  });
  setHandler(messages.gateSignal, (request) =>
    commitSignal(run, 'gate', request, (decoded) => completeGate(state(), decoded, new Date())),
  );
  setHandler(messages.closeLeadSignal, (request) =>
    commitSignal(run, 'close', request, (decoded) => closeLead(state(), decoded, new Date())),
  );

  upsertMemo({ leadName: state().lead.name, organisation: state().lead.organisation, email: state().lead.email });
  run.publishVisibility();
  // A project starts in Blueprint: what entering it sets off (the discovery) runs as for any other lead.
  if (input.project && !input.resume) onEnter(run, state().stage);

  const continueAsNewAfter = input.continueAsNewAfterEvents ?? CONTINUE_AS_NEW_AFTER_EVENTS;
  const wakeTimer = followsRevision(initial, LEAN_HISTORY_REVISION) ? new WakeTimer() : undefined;
  while (!isFinished(state().stage)) {
    const wake = nextWake(state(), timers);
    const seen = run.changes;
    const changed = () => run.changes !== seen || isFinished(state().stage);
    let due: boolean;
    if (wakeTimer) {
      wakeTimer.arm(wake);
      due = await wakeTimer.wait(changed);
    } else {
      due = !(await condition(changed, wake === undefined ? undefined : Math.max(0, wake.at - new Date().getTime()), {
        summary: wake?.summary ?? 'Waiting for the next gate',
      }));
    }
    if (due) await runDueWork(run, timers);
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > continueAsNewAfter) {
      await condition(() => run.settled());
      const carried = followsRevision(state(), LEAN_HISTORY_REVISION)
        ? carriedState(state(), workflowInfo().runId)
        : state();
      return continueAsNew<typeof customerLifecycle>({ ...input, resume: carried });
    }
  }
  await condition(() => run.settled());
  return state();
}
