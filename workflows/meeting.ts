import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { OUTSIDE_SYSTEM_BACKOFF } from './activity-retry';
import { callOutcomeSignal } from './messages';
import { z } from 'zod';
import type { MeetingEtiquetteActivities } from './activity-interface';
import {
  cancelMeetingUpdate,
  clientJoinedUpdate,
  inviteAcceptedUpdate,
  meetingStateQuery,
  pickRescheduleSlotUpdate,
  type MeetingInput,
  type MeetingOutcome,
  type MeetingState,
} from './meeting-messages';
import { emailAddress, InvalidInputError, parseInput, requiredText } from '../rules/validation';
import { acceptInput } from './workflow-input';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../rules/durations';
import { MEETING_ETIQUETTE_PATCH } from './patches';

/** Handbook: "48 hours before a meeting", check that the client accepted the invite. */
export const CONFIRM_BEFORE = 48 * HOUR_MS;
/**
 * Handbook 004, day of meeting, L1: "Join meeting 2-3 minutes prior to the meeting start time". The owner is nudged at
 * the earlier end, so that joining on the nudge is in time, and joining a minute later still is.
 */
export const JOIN_EARLY = 3 * MINUTE_MS;
/** Handbook: "If the customer does not join the call after 3-minutes", contact them. */
export const NO_SHOW_AFTER = 3 * MINUTE_MS;
/** A join reported earlier than this is a mistake (the wrong meeting), not a client waiting in the lobby. */
export const JOIN_OPENS_BEFORE = 15 * MINUTE_MS;
/** A week for the client to answer the no-show message, like the handbook's follow-up week. */
export const DEFAULT_PICK_TIMEOUT_DAYS = 7;

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO date-time, e.g. 2026-03-10T14:00:00Z' });
const anEmailAddress = emailAddress('must be a valid email address');
const SLOT_COUNT_MESSAGE = 'offer 2 or 3 times to reschedule to';

const meetingInputSchema = z
  .object({
    leadWorkflowId: requiredText(),
    meetingId: requiredText(),
    title: requiredText(),
    startsAt: isoDateTime,
    clientName: requiredText(),
    clientEmail: anEmailAddress,
    ownerEmail: anEmailAddress,
    ownerName: requiredText().optional(),
    meetingLink: z.url({ protocol: /^https?$/, message: 'must be a web link (https://...)' }).optional(),
    agendaUrl: z.url({ protocol: /^https?$/, message: 'must be a web link (https://...)' }).optional(),
    rescheduleSlots: z.array(isoDateTime).min(2, SLOT_COUNT_MESSAGE).max(3, SLOT_COUNT_MESSAGE),
    pickTimeoutDays: z.number().positive('must be more than 0 days').default(DEFAULT_PICK_TIMEOUT_DAYS),
    mailingListLabel: requiredText().optional(),
  })
  .strict()
  .superRefine((input, context) => {
    const start = Date.parse(input.startsAt);
    input.rescheduleSlots.forEach((slot, index) => {
      if (Date.parse(slot) <= start) {
        context.addIssue({ code: 'custom', path: ['rescheduleSlots', index], message: 'must be after the meeting' });
      }
    });
    if (new Set(input.rescheduleSlots.map(utcIso)).size !== input.rescheduleSlots.length) {
      context.addIssue({ code: 'custom', path: ['rescheduleSlots'], message: 'must be different times' });
    }
  });

export type Meeting = z.output<typeof meetingInputSchema>;

/** Exported so a parent can reject a bad meeting before starting the child. `now` is the start time. */
export function parseMeetingInput(input: unknown, now: Date): Meeting {
  const meeting = parseInput(meetingInputSchema, input, 'meeting');
  if (Date.parse(meeting.startsAt) <= now.getTime()) {
    throw new InvalidInputError('Invalid meeting', [{ field: 'startsAt', message: 'must be in the future' }]);
  }
  return meeting;
}

const pickSchema = z.object({ slot: isoDateTime }).strict();
const cancelSchema = z.object({ reason: requiredText() }).strict();

/** Offsets differ between callers (`Z`, `+01:00`): slots are compared as instants. */
function utcIso(value: string): string {
  return new Date(value).toISOString();
}

function close(state: MeetingState, outcome: MeetingOutcome): MeetingState {
  return { ...state, status: 'closed', outcome };
}

function assertOpen(state: MeetingState): void {
  if (state.outcome) {
    throw new InvalidInputError('Meeting closed', [
      { field: 'meeting', message: `the outcome is already decided (${state.outcome.outcome})` },
    ]);
  }
}

/** Accepting twice is harmless: calendars report acceptance more than once. */
export function acceptInvite(state: MeetingState, now: Date): MeetingState {
  assertOpen(state);
  return state.inviteAcceptedAt ? state : { ...state, inviteAcceptedAt: now.toISOString() };
}

/** A client who joins, even after the no-show message went out, means the meeting was held. */
export function joinClient(state: MeetingState, now: Date): MeetingState {
  assertOpen(state);
  if (now.getTime() < Date.parse(state.startsAt) - JOIN_OPENS_BEFORE) {
    throw new InvalidInputError('Join rejected', [
      {
        field: 'clientJoined',
        message: `the meeting starts at ${state.startsAt}; a join counts from ${JOIN_OPENS_BEFORE / MINUTE_MS} minutes before`,
      },
    ]);
  }
  return close({ ...state, clientJoinedAt: now.toISOString() }, { outcome: 'held' });
}

export function pickRescheduleSlot(state: MeetingState, request: unknown): MeetingState {
  assertOpen(state);
  const { slot } = parseInput(pickSchema, request, 'reschedule pick');
  if (state.status !== 'awaiting-reschedule') {
    throw new InvalidInputError('Reschedule rejected', [
      { field: 'slot', message: 'no times have been offered: the client has not missed the meeting' },
    ]);
  }
  const picked = utcIso(slot);
  if (!state.offeredSlots.includes(picked)) {
    throw new InvalidInputError('Reschedule rejected', [
      { field: 'slot', message: `must be one of the offered times: ${state.offeredSlots.join(', ')}` },
    ]);
  }
  return close(state, { outcome: 'rescheduled', newStartsAt: picked });
}

export function cancelMeeting(state: MeetingState, request: unknown): MeetingState {
  assertOpen(state);
  const { reason } = parseInput(cancelSchema, request, 'cancellation');
  return close(state, { outcome: 'cancelled', reason });
}

const {
  sendMeetingConfirmationReminder,
  sendNoShowMessage,
  sendMeetingChecks,
  sendJoinEarlyNudge,
  sendRescheduleConfirmation,
} = proxyActivities<MeetingEtiquetteActivities>({
  startToCloseTimeout: '1 minute',
  retry: OUTSIDE_SYSTEM_BACKOFF,
});

/**
 * One meeting with a client, following the handbook's etiquette (004): 48 hours ahead the owner gets the checks
 * (acceptance, meeting link, agenda); 3 minutes before the start, a nudge to join; 3 minutes after the start, a
 * client who has not joined gets an empathetic message offering 2-3 new times, and the workflow waits for their
 * pick, which is repeated back to them with the contact details.
 *
 * Meetings started before MEETING_ETIQUETTE_PATCH keep, step by step, what they did: the reminder only for an
 * unaccepted invite, no nudge, no confirmation. Each step asks `patched()` where it begins, so a running meeting takes
 * the new steps it has not reached yet.
 */
export async function meetingEtiquette(input: MeetingInput): Promise<MeetingOutcome> {
  const meeting = acceptInput(() => parseMeetingInput(input, new Date()));
  const { workflowId } = workflowInfo();
  const startsAt = Date.parse(meeting.startsAt);
  let state: MeetingState = {
    meetingId: meeting.meetingId,
    title: meeting.title,
    startsAt: utcIso(meeting.startsAt),
    status: 'upcoming',
    offeredSlots: meeting.rescheduleSlots.map(utcIso),
  };
  const commit = (next: MeetingState): MeetingState => (state = next);

  setHandler(meetingStateQuery, () => state);
  setHandler(inviteAcceptedUpdate, () => commit(acceptInvite(state, new Date())), {
    validator: () => void acceptInvite(state, new Date()),
  });
  setHandler(clientJoinedUpdate, () => commit(joinClient(state, new Date())), {
    validator: () => void joinClient(state, new Date()),
  });
  setHandler(pickRescheduleSlotUpdate, (request) => commit(pickRescheduleSlot(state, request)), {
    validator: (request) => void pickRescheduleSlot(state, request),
  });
  setHandler(cancelMeetingUpdate, (request) => commit(cancelMeeting(state, request)), {
    validator: (request) => void cancelMeeting(state, request),
  });

  const closed = () => state.outcome !== undefined;
  // A deadline already behind us (a meeting booked for tomorrow) means: act now, rather than a zero-length timer.
  const waitUntil = async (deadline: number, done: () => boolean, summary: string): Promise<void> => {
    const remaining = deadline - new Date().getTime();
    if (remaining > 0) await condition(done, remaining, { summary });
  };

  if (patched(MEETING_ETIQUETTE_PATCH)) {
    // Every meeting is checked ahead, accepted or not: an accepted invite does not test the link nor attach the agenda.
    await waitUntil(startsAt - CONFIRM_BEFORE, closed, 'Meeting checks 48 hours ahead');
    if (!closed()) {
      const inviteAccepted = state.inviteAcceptedAt !== undefined;
      await bestEffort('meeting checks', () =>
        sendMeetingChecks({
          idempotencyKey: `${workflowId}/meeting-checks`,
          ownerEmail: meeting.ownerEmail,
          ownerName: meeting.ownerName,
          clientName: meeting.clientName,
          clientEmail: meeting.clientEmail,
          meetingTitle: meeting.title,
          startsAt: state.startsAt,
          inviteAccepted,
          meetingLink: meeting.meetingLink,
          agendaUrl: meeting.agendaUrl,
        }),
      );
      const sentAt = new Date().toISOString();
      state = { ...state, checksSentAt: sentAt, ...(inviteAccepted ? {} : { remindedAt: sentAt }) };
    }
  } else {
    await waitUntil(
      startsAt - CONFIRM_BEFORE,
      () => closed() || state.inviteAcceptedAt !== undefined,
      'Confirm attendance 48 hours ahead',
    );
    if (!closed() && state.inviteAcceptedAt === undefined) {
      await bestEffort('confirmation reminder', () =>
        sendMeetingConfirmationReminder({
          idempotencyKey: `${workflowId}/confirm-reminder`,
          ownerEmail: meeting.ownerEmail,
          ownerName: meeting.ownerName,
          clientName: meeting.clientName,
          clientEmail: meeting.clientEmail,
          meetingTitle: meeting.title,
          startsAt: state.startsAt,
          meetingLink: meeting.meetingLink,
        }),
      );
      state = { ...state, remindedAt: new Date().toISOString() };
    }
  }
  if (!closed()) state = { ...state, status: 'starting' };

  if (!closed() && patched(MEETING_ETIQUETTE_PATCH)) {
    await waitUntil(startsAt - JOIN_EARLY, closed, 'Nudge the owner to join early');
    if (!closed()) {
      await bestEffort('join-early nudge', () =>
        sendJoinEarlyNudge({
          idempotencyKey: `${workflowId}/join-early`,
          ownerEmail: meeting.ownerEmail,
          ownerName: meeting.ownerName,
          clientName: meeting.clientName,
          meetingTitle: meeting.title,
          startsAt: state.startsAt,
          joinBy: new Date(startsAt - JOIN_EARLY).toISOString(),
          meetingLink: meeting.meetingLink,
        }),
      );
      state = { ...state, joinNudgeSentAt: new Date().toISOString() };
    }
  }

  await waitUntil(startsAt + NO_SHOW_AFTER, closed, 'Wait for the client to join');
  if (!closed()) {
    await bestEffort('no-show message', () =>
      sendNoShowMessage({
        idempotencyKey: `${workflowId}/no-show`,
        clientName: meeting.clientName,
        clientEmail: meeting.clientEmail,
        ownerEmail: meeting.ownerEmail,
        ownerName: meeting.ownerName,
        meetingTitle: meeting.title,
        startsAt: state.startsAt,
        slots: state.offeredSlots,
        ...(meeting.mailingListLabel ? { mailingListLabel: meeting.mailingListLabel } : {}),
      }),
    );
    const sentAt = new Date();
    // The client may have joined late while the message was on its way: that outcome stands.
    state = { ...state, noShowSentAt: sentAt.toISOString() };
    if (!closed()) state = { ...state, status: 'awaiting-reschedule' };
    await waitUntil(sentAt.getTime() + meeting.pickTimeoutDays * DAY_MS, closed, 'Wait for the client to pick a time');
  }
  const outcome: MeetingOutcome = state.outcome ?? { outcome: 'no-show-unanswered' };
  if (!closed()) state = close(state, outcome);

  await condition(allHandlersFinished);
  if (outcome.outcome === 'rescheduled' && patched(MEETING_ETIQUETTE_PATCH)) {
    const { newStartsAt } = outcome;
    await bestEffort('reschedule confirmation', () =>
      sendRescheduleConfirmation({
        idempotencyKey: `${workflowId}/reschedule-confirmed`,
        clientName: meeting.clientName,
        clientEmail: meeting.clientEmail,
        ownerEmail: meeting.ownerEmail,
        ownerName: meeting.ownerName,
        meetingTitle: meeting.title,
        newStartsAt,
        ...(meeting.mailingListLabel ? { mailingListLabel: meeting.mailingListLabel } : {}),
      }),
    );
    state = { ...state, rescheduleConfirmedAt: new Date().toISOString() };
  }
  await reportToLead(meeting.leadWorkflowId, meeting.meetingId, outcome);
  return outcome;
}

/**
 * An email that fails for good (a rejected address) is logged, and the meeting goes on: its outcome must still reach
 * the lead, which a failed child workflow would never report.
 */
async function bestEffort(what: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.warn(`The ${what} could not be sent`, { error: error.cause?.message ?? error.message });
  }
}

/** Signalled, not awaited by the parent: the lead may have continued-as-new meanwhile, its workflow id has not. */
async function reportToLead(leadWorkflowId: string, callId: string, outcome: MeetingOutcome): Promise<void> {
  try {
    await getExternalWorkflowHandle(leadWorkflowId).signal(callOutcomeSignal, { callId, outcome });
  } catch (error) {
    log.warn('The lead did not take the meeting outcome', { leadWorkflowId, error: String(error) });
  }
}
