/**
 * The meeting-etiquette child workflow's public API, defined once and imported by the workflow, the parent, clients
 * and the tests.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export interface MeetingInput {
  /** The lead's workflow, which started this one as a child. */
  leadWorkflowId: string;
  meetingId: string;
  title: string;
  /** ISO date-time with an offset, e.g. `2026-03-10T14:00:00Z`. */
  startsAt: string;
  clientName: string;
  clientEmail: string;
  ownerEmail: string;
  /** Signs the no-show message; the owner's email is used when it is not given. */
  ownerName?: string;
  meetingLink?: string;
  /** Where the agenda documents are (handbook 004: "Ensure that agenda documents are attached and accessible"). */
  agendaUrl?: string;
  /** Two or three ISO date-times offered to the client if they miss the meeting (handbook: "2-3 options"). */
  rescheduleSlots: string[];
  /** How long the client has to pick a slot; default 7 days. */
  pickTimeoutDays?: number;
  /** The client's help+<label>@ list, copied on the no-show email (000: "always CC help+client@"). */
  mailingListLabel?: string;
}

export type MeetingOutcome =
  | { outcome: 'held' }
  | { outcome: 'rescheduled'; newStartsAt: string }
  | { outcome: 'no-show-unanswered' }
  | { outcome: 'cancelled'; reason: string };

/**
 * What the workflow is waiting for:
 * - `upcoming`: the 48-hour checks;
 * - `starting`: the day-of nudge to join early, then the client joining, until 3 minutes after the start;
 * - `awaiting-reschedule`: the no-show message went out, and the client's pick of a slot;
 * - `closed`: nothing, the outcome is decided.
 */
export type MeetingStatus = 'upcoming' | 'starting' | 'awaiting-reschedule' | 'closed';

export interface MeetingState {
  meetingId: string;
  title: string;
  startsAt: string;
  status: MeetingStatus;
  inviteAcceptedAt?: string;
  /** When the owner was reminded to confirm attendance; unset when the client had accepted in time. */
  remindedAt?: string;
  /** When the owner was sent the 48-hour checks (link, agenda, acceptance); every meeting gets them. */
  checksSentAt?: string;
  /** When the owner was nudged, on the day, to join a few minutes early. */
  joinNudgeSentAt?: string;
  clientJoinedAt?: string;
  noShowSentAt?: string;
  /** When the new time the client picked was repeated back to them, with the contact details. */
  rescheduleConfirmedAt?: string;
  /** The reschedule slots, normalised to UTC ISO strings: a pick must be one of these. */
  offeredSlots: string[];
  outcome?: MeetingOutcome;
}

export interface PickRescheduleSlotRequest {
  /** One of `offeredSlots`, as an ISO date-time (any offset naming the same instant matches). */
  slot: string;
}

export interface CancelMeetingRequest {
  reason: string;
}

export const inviteAcceptedUpdate = defineUpdate<MeetingState>('inviteAccepted');
export const clientJoinedUpdate = defineUpdate<MeetingState>('clientJoined');
export const pickRescheduleSlotUpdate = defineUpdate<MeetingState, [PickRescheduleSlotRequest]>('pickRescheduleSlot');
export const cancelMeetingUpdate = defineUpdate<MeetingState, [CancelMeetingRequest]>('cancelMeeting');

export const meetingStateQuery = defineQuery<MeetingState>('meetingState');
