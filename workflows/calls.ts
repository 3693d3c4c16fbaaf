import { parseMeetingInput } from './meeting';
import type { MeetingInput, MeetingOutcome } from './meeting-messages';
import type { ScheduleCallRequest } from './messages';
import { followUpOwner } from './follow-ups';
import { InvalidInputError } from '../rules/validation';
import type { LifecycleState, ScheduledCall } from './state';
import type { Transition } from './transitions';
import { followsRevision } from './patches';
import { recordsMade } from './carried-state';

export function callIdFor(state: LifecycleState): string {
  return `call-${recordsMade(state, 'calls') + 1}`;
}

/** The child's input, validated by the child's own rules, so a bad booking is rejected before anything starts. */
export function planCall(
  state: LifecycleState,
  leadWorkflowId: string,
  request: unknown,
  now: Date,
  engagement?: string,
): { input: MeetingInput; call: ScheduledCall } {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    // Spread below, a string would become fields named 0, 1, 2...: say what was expected instead.
    throw new InvalidInputError('Invalid meeting', [
      { field: 'meeting', message: 'must be an object with the title, startsAt and rescheduleSlots' },
    ]);
  }
  const booking = request as Partial<ScheduleCallRequest>;
  // Only a missing owner falls back: `null` is refused by the schema, as it is in every other request.
  const ownerEmail = booking.ownerEmail === undefined ? followUpOwner(state) : booking.ownerEmail;
  if (!ownerEmail) {
    throw new InvalidInputError('Invalid meeting', [
      { field: 'ownerEmail', message: 'is required: the lead has no owner yet' },
    ]);
  }
  const id = callIdFor(state);
  const input: MeetingInput = {
    ...(booking as ScheduleCallRequest),
    leadWorkflowId,
    meetingId: id,
    clientName: state.lead.name,
    clientEmail: state.lead.email,
    ownerEmail,
    ...(followsRevision(state, 1) ? { mailingListLabel: state.lead.mailingListLabel } : {}),
  };
  const meeting = parseMeetingInput(input, now);
  return {
    input,
    call: {
      id,
      title: meeting.title,
      startsAt: meeting.startsAt,
      childWorkflowId: callWorkflowId(state, leadWorkflowId, id, engagement),
    },
  };
}

/**
 * The meeting child's id, which also keys its emails' Message-IDs: from rules revision 1 it names the engagement, so
 * a client back for a second engagement gets its first meeting's reminder rather than a duplicate of the old one.
 */
function callWorkflowId(
  state: LifecycleState,
  leadWorkflowId: string,
  id: string,
  engagement: string | undefined,
): string {
  return followsRevision(state, 1) && engagement ? `${leadWorkflowId}/${engagement}/${id}` : `${leadWorkflowId}/${id}`;
}

export function callBooked(state: LifecycleState, call: ScheduledCall): Transition {
  return {
    state: { ...state, calls: [...state.calls, call] },
    summary: `Meeting ${call.id} booked for ${call.startsAt}`,
  };
}

export function callEnded(state: LifecycleState, callId: string, outcome: MeetingOutcome, at: Date): Transition {
  const call = state.calls.find((candidate) => candidate.id === callId);
  if (!call) return { state, summary: `Outcome for unknown meeting ${callId} ignored` };
  const calls = state.calls.map((candidate) => (candidate.id === callId ? { ...candidate, outcome } : candidate));
  const text =
    outcome.outcome === 'rescheduled'
      ? `"${call.title}" was missed; the client picked ${outcome.newStartsAt}: book it with \`meeting schedule\``
      : `"${call.title}": ${outcome.outcome}`;
  return {
    state: { ...state, calls, notes: [...state.notes, { at: at.toISOString(), by: 'meeting etiquette', text }] },
    summary: text,
  };
}
