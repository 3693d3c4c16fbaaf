import type { ActivityDeps } from './deps';
import type { SendResult } from './email/port';
import { clientCc, meetingSummary, messageIdFor } from './email/templates';
import { failFastWhenHopeless } from './failures';

export interface MeetingSummaryRequest {
  idempotencyKey: string;
  clientEmail: string;
  clientName: string;
  organisation: string;
  mailingListLabel: string;
  clientOwner?: string;
  epicOwner?: string;
  /** Whoever held the meeting: signs the email and is not copied on it. */
  sender: string;
  senderName: string;
  meetingTitle: string;
  meetingDate: string;
  discussed: string[];
  nextSteps: string[];
}

/** The handbook: after the meeting, email the client what we went over and the next steps, CC help+<label>@. */
export function createSendMeetingSummary({ mailer, companyDomain }: Pick<ActivityDeps, 'mailer' | 'companyDomain'>) {
  return async function sendMeetingSummary(request: MeetingSummaryRequest): Promise<SendResult> {
    const email = meetingSummary({
      clientName: request.clientName,
      organisation: request.organisation,
      meetingTitle: request.meetingTitle,
      meetingDate: request.meetingDate,
      discussed: request.discussed,
      nextSteps: request.nextSteps,
      senderName: request.senderName,
    });
    const cc = clientCc({
      mailingListLabel: request.mailingListLabel,
      companyDomain,
      clientOwnerEmail: request.clientOwner,
      epicOwnerEmail: request.epicOwner,
      senderEmail: request.sender,
    });
    return failFastWhenHopeless(() =>
      mailer.send({
        messageId: messageIdFor(request.idempotencyKey, companyDomain),
        to: [request.clientEmail],
        cc,
        ...email,
      }),
    );
  };
}
