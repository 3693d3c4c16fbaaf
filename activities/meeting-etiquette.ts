import type { Mailer, SendResult } from './email/port';
import {
  clientCc,
  formatMeetingTime,
  joinEarlyNudge,
  meetingChecks,
  meetingConfirmationReminder,
  noShow,
  rescheduleConfirmation,
} from './email/templates';
import { sendOnce } from './email/send-once';

export interface MeetingEtiquetteDeps {
  mailer: Mailer;
  /** For Message-IDs. */
  companyDomain: string;
}

export interface MeetingConfirmationReminderRequest {
  /** Same key on every retry, so the owner gets one reminder however often the activity runs. */
  idempotencyKey: string;
  ownerEmail: string;
  ownerName?: string;
  clientName: string;
  clientEmail: string;
  meetingTitle: string;
  /** ISO date-time. */
  startsAt: string;
  meetingLink?: string;
}

export interface NoShowMessageRequest {
  /** Same key on every retry, so the client gets one message however often the activity runs. */
  idempotencyKey: string;
  clientName: string;
  clientEmail: string;
  ownerEmail: string;
  /** Signs the message; the owner's email address stands in when there is no name. */
  ownerName?: string;
  meetingTitle: string;
  /** ISO date-time of the missed meeting. */
  startsAt: string;
  /** ISO date-times the client may pick from. */
  slots: string[];
  /**
   * The client's mailing-list label, for the help+<label>@ CC every client mail carries (handbook: "always CC
   * help+client@"). Optional because meetings booked before it was passed do not have it: they copy the owner only.
   */
  mailingListLabel?: string;
}

export interface MeetingChecksRequest {
  /** Same key on every retry, so the owner gets the checks once however often the activity runs. */
  idempotencyKey: string;
  ownerEmail: string;
  ownerName?: string;
  clientName: string;
  clientEmail: string;
  meetingTitle: string;
  /** ISO date-time. */
  startsAt: string;
  inviteAccepted: boolean;
  meetingLink?: string;
  agendaUrl?: string;
}

export interface JoinEarlyNudgeRequest {
  idempotencyKey: string;
  ownerEmail: string;
  ownerName?: string;
  clientName: string;
  meetingTitle: string;
  /** ISO date-time of the start. */
  startsAt: string;
  /** ISO date-time to join by. */
  joinBy: string;
  meetingLink?: string;
}

export interface RescheduleConfirmationRequest {
  idempotencyKey: string;
  clientName: string;
  clientEmail: string;
  ownerEmail: string;
  ownerName?: string;
  meetingTitle: string;
  /** ISO date-time the client picked. */
  newStartsAt: string;
  /** As on the no-show message: the help+<label>@ list copied on client mail. */
  mailingListLabel?: string;
}

export function createMeetingEtiquetteActivities(deps: MeetingEtiquetteDeps) {
  return {
    /** To the owner, 48 hours ahead, when the client has not accepted the invite. */
    async sendMeetingConfirmationReminder(request: MeetingConfirmationReminderRequest): Promise<SendResult> {
      const email = meetingConfirmationReminder({
        ownerName: request.ownerName,
        clientName: request.clientName,
        clientEmail: request.clientEmail,
        meetingTitle: request.meetingTitle,
        when: formatMeetingTime(request.startsAt),
        meetingLink: request.meetingLink,
      });
      return sendOnce(deps, { idempotencyKey: request.idempotencyKey, to: [request.ownerEmail], email });
    },

    /** To the owner, 48 hours before every meeting: acceptance, the meeting link and the agenda (004). */
    async sendMeetingChecks(request: MeetingChecksRequest): Promise<SendResult> {
      const email = meetingChecks({
        ownerName: request.ownerName,
        clientName: request.clientName,
        clientEmail: request.clientEmail,
        meetingTitle: request.meetingTitle,
        when: formatMeetingTime(request.startsAt),
        inviteAccepted: request.inviteAccepted,
        meetingLink: request.meetingLink,
        agendaUrl: request.agendaUrl,
      });
      return sendOnce(deps, { idempotencyKey: request.idempotencyKey, to: [request.ownerEmail], email });
    },

    /** To the owner on the day, when it is time to join (004: "Join meeting 2-3 minutes prior"). */
    async sendJoinEarlyNudge(request: JoinEarlyNudgeRequest): Promise<SendResult> {
      const email = joinEarlyNudge({
        ownerName: request.ownerName,
        clientName: request.clientName,
        meetingTitle: request.meetingTitle,
        when: formatMeetingTime(request.startsAt),
        joinBy: `${new Date(request.joinBy).toISOString().slice(11, 16)} UTC`,
        meetingLink: request.meetingLink,
      });
      return sendOnce(deps, { idempotencyKey: request.idempotencyKey, to: [request.ownerEmail], email });
    },

    /**
     * To the client who picked a new time: the time and the contact details repeated back (004, L6), copying the
     * same people as the no-show message it answers.
     */
    async sendRescheduleConfirmation(request: RescheduleConfirmationRequest): Promise<SendResult> {
      const email = rescheduleConfirmation({
        clientName: request.clientName,
        clientEmail: request.clientEmail,
        meetingTitle: request.meetingTitle,
        when: formatMeetingTime(request.newStartsAt),
        contactName: request.ownerName ?? request.ownerEmail,
        contactEmail: request.ownerEmail,
      });
      return sendOnce(deps, {
        idempotencyKey: request.idempotencyKey,
        to: [request.clientEmail],
        cc: noShowCc(request, deps.companyDomain),
        // "Just reply": the answer goes to the contact the message names, not to the generic sender.
        replyTo: request.ownerEmail,
        email,
      });
    },

    /**
     * To the client who missed the meeting, copying help+<label>@ like all client mail, and the owner so they can
     * follow up by other channels too.
     */
    async sendNoShowMessage(request: NoShowMessageRequest): Promise<SendResult> {
      const email = noShow({
        clientName: request.clientName,
        meetingTitle: request.meetingTitle,
        meetingDate: request.startsAt.slice(0, 10),
        slots: request.slots.map(formatMeetingTime),
        senderName: request.ownerName ?? request.ownerEmail,
      });
      return sendOnce(deps, {
        idempotencyKey: request.idempotencyKey,
        to: [request.clientEmail],
        cc: noShowCc(request, deps.companyDomain),
        email,
      });
    },
  };
}

/** The owner, and help+<label>@ when the meeting knows the client's label. */
function noShowCc(request: { ownerEmail: string; mailingListLabel?: string }, companyDomain: string): string[] {
  if (!request.mailingListLabel?.trim()) return [request.ownerEmail];
  try {
    return clientCc({
      mailingListLabel: request.mailingListLabel,
      companyDomain,
      clientOwnerEmail: request.ownerEmail,
    });
  } catch (error) {
    // A label no address can be made of must not keep the client from hearing from us: the owner is still copied.
    if (error instanceof RangeError) return [request.ownerEmail];
    throw error;
  }
}
