import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { parseLead } from './lead';
import {
  closeLeadSignal,
  closeLeadUpdate,
  completeGateUpdate,
  gateSignal,
  historyQuery,
  openFollowUpsQuery,
  rescheduleFollowUpUpdate,
  scheduleFollowUpUpdate,
  scoreQuery,
  stageQuery,
  stateQuery,
  type LifecycleInput,
} from './messages';
import { InvalidInputError } from './rules/validation';
import {
  CLIENT_OWNER,
  FOLLOW_UP_DUE,
  LEAD_PRIORITY,
  LEAD_SCORE,
  LEAD_SOURCE,
  LIFECYCLE_STAGE,
} from './search-attributes';
import { STAGE_LABELS, isFinished } from './stages';
import type { LifecycleState } from './state';
import {
  DEFAULT_FOLLOW_UP_DAYS,
  openFollowUps,
  remindAndRollForward,
  scheduleFollowUp,
  rescheduleFollowUp,
} from './follow-ups';
import { closeLead, completeGate, startLifecycle, type Transition } from './transitions';

const { sendFollowUpReminder } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Far below Temporal's 10,240-event limit, so a years-long client never gets near it. */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

/** One long-running workflow per lead: from the first inquiry, through the stage gates, to years of billing. */
export async function customerLifecycle(input: LifecycleInput): Promise<LifecycleState> {
  let state: LifecycleState;
  try {
    state = input.resume ?? startLifecycle(parseLead(input.lead), new Date());
  } catch (error) {
    if (error instanceof InvalidInputError) throw ApplicationFailure.nonRetryable(error.message, 'InvalidInput');
    throw error;
  }
  const followUpDays = input.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS;
  let changes = 0;

  const commit = (transition: Transition): LifecycleState => {
    state = transition.state;
    changes += 1;
    publishVisibility(state);
    log.info(transition.summary, { stage: state.stage });
    return state;
  };
  /** A signal has no caller to answer: a rejection is kept on the lead instead of being thrown away. */
  const commitSignal = (change: string, transition: () => Transition): void => {
    try {
      commit(transition());
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      state = {
        ...state,
        rejected: [...state.rejected, { at: new Date().toISOString(), change, reason: error.message }],
      };
      log.warn('Rejected signal', { change, reason: error.message });
    }
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
      const { state: next, followUp } = rescheduleFollowUp(state, request);
      commit({ state: next, summary: `Follow-up ${followUp.id} now due ${followUp.dueAt}` });
      return followUp;
    },
    { validator: (request) => void rescheduleFollowUp(state, request) },
  );
  setHandler(gateSignal, (request) =>
    commitSignal(`gate ${String(request?.stage)}`, () => completeGate(state, request, new Date())),
  );
  setHandler(closeLeadSignal, (request) =>
    commitSignal(`close ${String(request?.outcome)}`, () => closeLead(state, request, new Date())),
  );

  upsertMemo({ leadName: state.lead.name, organisation: state.lead.organisation, email: state.lead.email });
  publishVisibility(state);

  while (!isFinished(state.stage)) {
    const due = openFollowUps(state)[0];
    const seen = changes;
    const changed = await condition(
      () => changes !== seen || isFinished(state.stage),
      due ? Math.max(0, Date.parse(due.dueAt) - Date.now()) : undefined,
    );
    if (!changed && due) {
      const reminderNumber = due.reminders + 1;
      await sendFollowUpReminder({
        idempotencyKey: `${workflowInfo().workflowId}/${due.id}/reminder-${reminderNumber}`,
        to: due.owner,
        leadName: state.lead.name,
        organisation: state.lead.organisation,
        stage: STAGE_LABELS[state.stage],
        dueAt: due.dueAt,
      });
      commit(remindAndRollForward(state, due.id, followUpDays));
    }
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > CONTINUE_AS_NEW_AFTER_EVENTS) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof customerLifecycle>({ ...input, resume: state });
    }
  }
  await condition(allHandlersFinished);
  return state;
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
  ]);
}
