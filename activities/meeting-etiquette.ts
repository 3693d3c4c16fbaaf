import type { Mailer, SendResult } from './email/port';
import { clientCc, formatMeetingTime, meetingConfirmationReminder, noShow } from './email/templates';
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

function noShowCc(request: NoShowMessageRequest, companyDomain: string): string[] {
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
