import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { OUTSIDE_SYSTEM_BACKOFF } from './activity-retry';
import type { LifecycleActivities } from './activity-interface';
import { onCallWeek } from '../rules/on-call';
import { escalationAfter, newClock, pauseClock, slaPosition, type SlaClock } from '../rules/support-sla';
import { SUPPORT_CLIENT, SUPPORT_LEVEL, SUPPORT_SLA_BREACHED, SUPPORT_STATUS } from './search-attributes';
import {
  answerSupportRequestUpdate,
  clientRepliedUpdate,
  resolveSupportRequestUpdate,
  supportRequestStateQuery,
  waitOnClientUpdate,
  type OnCallNoticeKind,
  type SupportActionRequest,
  type SupportRequestInput,
  type SupportRequestState,
} from './support-messages';
import {
  answerRequest,
  clientReplied,
  parseSupportRequest,
  resolveRequest,
  waitOnClient,
  type SupportRecord,
} from './support-request-state';
import { acceptInput } from './workflow-input';

const {
  resolveSupportPolicy,
  notifyOnCall,
  whoIsOnCall,
  openCustomerRequestIssue,
  markWaitingOnClient,
  createPostmortemTask,
  enrolInOnCallRetro,
} = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '1 minute',
  retry: OUTSIDE_SYSTEM_BACKOFF,
});

/**
 * One client support request (handbook 004), from arrival to resolution. The level's on-call engineer is told at
 * once, reminded when three quarters of the SLA have passed, and past the deadline the request goes to the next
 * level's on-call with a fresh window. Waiting on the client stops the clock. A customer request gets its tracker
 * issue; an incident gets a postmortem task once resolved. Every request is listed in its week's on-call retro.
 */
export async function supportRequest(input: SupportRequestInput): Promise<SupportRequestState> {
  const request = acceptInput(() => parseSupportRequest(input));
  const { workflowId } = workflowInfo();
  const receivedAt = Date.now();

  // Handlers come first, so the request can be queried and answered while its policy is still being looked up.
  let record: SupportRecord = {
    state: {
      requestId: request.requestId,
      clientLabel: request.clientLabel,
      trackerName: request.clientLabel,
      channel: request.channel,
      level: request.level,
      status: 'open',
      incident: request.incident,
      receivedAt: new Date(receivedAt).toISOString(),
      slaHours: 0,
      slaBreached: false,
      events: [
        { at: new Date(receivedAt).toISOString(), what: `received by ${request.channel}`, by: request.reportedBy },
      ],
    },
  };
  /** Bumped on every change from outside, so a wait on the clock wakes up and recomputes. */
  let version = 0;
  const commit = (next: SupportRecord): SupportRequestState => {
    record = withDeadline(next);
    version++;
    publish(record.state);
    return record.state;
  };
  const handle = (transition: (current: SupportRecord, action: SupportActionRequest, now: Date) => SupportRecord) => ({
    run: (action: SupportActionRequest) => commit(transition(record, action, new Date())),
    validator: (action: SupportActionRequest) => void transition(record, action, new Date()),
  });
  for (const [update, transition] of [
    [answerSupportRequestUpdate, answerRequest],
    [waitOnClientUpdate, waitOnClient],
    [clientRepliedUpdate, clientReplied],
    [resolveSupportRequestUpdate, resolveRequest],
  ] as const) {
    const { run, validator } = handle(transition);
    setHandler(update, run, { validator });
  }
  setHandler(supportRequestStateQuery, () => record.state);
  publish(record.state);

  const policy = await resolveSupportPolicy({ clientLabel: request.clientLabel, channel: request.channel });
  const client = {
    label: request.clientLabel,
    ...(policy.trackerName !== request.clientLabel ? { codename: policy.trackerName } : {}),
  };
  // A clock started at arrival: the look-up's few milliseconds count against the SLA, as they should.
  const clock = newClock(receivedAt, policy.slaHours);
  record = withDeadline({
    state: { ...record.state, trackerName: policy.trackerName, slaHours: policy.slaHours },
    ...(record.state.answeredAt
      ? {}
      : { clock: record.state.status === 'waiting-on-client' ? pauseClock(clock, Date.now()) : clock }),
  });
  /**
   * What the tracker sees: codename and request id, never the workflow id, which names the client (handbook 004:
   * an anonymous client's issues carry only its codename).
   */
  const trackerKey = `customer-request-${policy.trackerName}-${request.requestId}`;

  await bestEffort('the on-call retro enrolment', () =>
    enrolInOnCallRetro({ weekStart: onCallWeek(receivedAt).start, workflowId }),
  );
  const setOnCall = (onCall: string) => (record = { ...record, state: { ...record.state, onCall } });
  setOnCall(await whoIsOnCall({ level: record.state.level, at: new Date().toISOString() }));
  if (request.customerRequest) {
    const issue = await openCustomerRequestIssue({
      idempotencyKey: trackerKey,
      client,
      text: request.text,
      level: request.level,
      assignee: record.state.onCall ?? '',
      requestId: request.requestId,
      dueDate: (record.state.deadline ?? record.state.receivedAt).slice(0, 10),
    });
    record = { ...record, state: { ...record.state, issue: { key: issue.key, url: issue.url } } };
  }

  // The issue's "+" label follows the request's waiting state, one change at a time, in the order they happened.
  const labelFollowsWaiting = (async () => {
    if (!request.customerRequest) return;
    let labelled = false;
    const waiting = () => record.state.status === 'waiting-on-client';
    for (;;) {
      await condition(() => waiting() !== labelled || record.state.status === 'resolved');
      if (waiting() === labelled) return;
      labelled = waiting();
      await bestEffort('the waiting-on-client label', () =>
        markWaitingOnClient({ issueKey: trackerKey, waiting: labelled }),
      );
    }
  })();

  let escalations = 0;
  const notify = async (kind: OnCallNoticeKind): Promise<void> => {
    const key = kind === 'new' ? 'new' : `${kind}-${escalations}`;
    await bestEffort(`the ${kind} notice`, async () => {
      const { to } = await notifyOnCall({
        idempotencyKey: `${workflowId}/${key}`,
        kind,
        level: record.state.level,
        at: new Date().toISOString(),
        clientName: request.clientName,
        channel: request.channel,
        text: request.text,
        slaHours: record.state.slaHours,
        workflowId,
        ...(record.state.deadline ? { deadline: record.state.deadline } : {}),
        ...(record.state.issue ? { issueUrl: record.state.issue.url } : {}),
      });
      if (kind !== 'past-l3') setOnCall(to);
    });
  };
  await notify('new');

  let reminded = false;
  let pastTopLevel = false;
  const waitingForFirstAnswer = () => record.state.answeredAt === undefined && record.state.status !== 'resolved';
  while (waitingForFirstAnswer() && !pastTopLevel && record.clock) {
    const seen = version;
    const changed = () => version !== seen;
    const now = Date.now();
    const position = slaPosition(record.clock, now);
    if (position.phase === 'paused') {
      await condition(changed);
    } else if (position.phase === 'before-reminder' && !reminded) {
      if (!(await waitUntil(position.reminderAt, changed))) {
        reminded = true;
        await notify('reminder');
      }
    } else if (position.phase !== 'breached') {
      await waitUntil(position.deadline, changed);
    } else {
      const next = escalationAfter(record.state.level);
      record = { ...record, state: { ...record.state, slaBreached: true } };
      if (next.kind === 'level') {
        escalations++;
        reminded = false;
        const clock: SlaClock = newClock(Date.now(), record.state.slaHours);
        record = withDeadline({
          clock,
          state: {
            ...record.state,
            level: next.level,
            events: [
              ...record.state.events,
              { at: new Date().toISOString(), what: `no answer within the SLA: escalated to ${next.level}` },
            ],
          },
        });
        publish(record.state);
        await notify('escalation');
      } else {
        pastTopLevel = true;
        record = withDeadline({
          state: {
            ...record.state,
            events: [
              ...record.state.events,
              { at: new Date().toISOString(), what: 'no answer within the SLA at L3: the escalation contact was told' },
            ],
          },
        });
        publish(record.state);
        await notify('past-l3');
      }
    }
  }

  await condition(() => record.state.status === 'resolved');
  await labelFollowsWaiting;
  if (request.incident) {
    const resolvedBy = record.state.events[record.state.events.length - 1]?.by ?? record.state.onCall ?? '';
    const task = await createPostmortemTask({
      idempotencyKey: `${trackerKey}/postmortem`,
      client,
      text: request.text,
      resolvedBy,
      requestId: request.requestId,
      ...(record.state.issue ? { issueUrl: record.state.issue.url } : {}),
    });
    record = { ...record, state: { ...record.state, postmortem: { key: task.key, url: task.url } } };
  }
  await condition(allHandlersFinished);
  return record.state;
}

/** The deadline shown to people follows the clock: none while it is stopped or once the first answer is in. */
function withDeadline(record: SupportRecord): SupportRecord {
  const { deadline: _previous, ...state } = record.state;
  if (!record.clock || state.answeredAt || state.status === 'resolved') return { state };
  const position = slaPosition(record.clock, Date.now());
  return position.phase === 'paused'
    ? { ...record, state }
    : { ...record, state: { ...state, deadline: new Date(position.deadline).toISOString() } };
}

/** True when `done` came first; false when the moment arrived (at once if it already has). */
async function waitUntil(at: number, done: () => boolean): Promise<boolean> {
  const remaining = at - Date.now();
  if (remaining <= 0) return false;
  return condition(done, remaining);
}

function publish(state: SupportRequestState): void {
  upsertSearchAttributes([
    { key: SUPPORT_CLIENT, value: state.clientLabel },
    { key: SUPPORT_LEVEL, value: state.level },
    { key: SUPPORT_STATUS, value: state.status },
    { key: SUPPORT_SLA_BREACHED, value: state.slaBreached },
  ]);
}

/** An email or enrolment that fails for good is logged: the request must still be tracked to its resolution. */
async function bestEffort(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.warn(`${what} failed`, { error: error.cause?.message ?? error.message });
  }
}
