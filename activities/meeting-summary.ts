import type { ActivityDeps } from './deps';
import type { SendResult } from './email/port';
import { clientCc, meetingSummary } from './email/templates';
import { sendOnce } from './email/send-once';

export interface MeetingSummaryRequest {
  idempotencyKey: string;
  clientEmail: string;
  clientName: string;
  organisation: string;
  mailingListLabel: string;
  clientOwner?: string;
  epicOwner?: string;
  /** Whoever held the meeting: signs the email, receives the replies (Reply-To) and is not copied on it. */
  sender: string;
  senderName: string;
  meetingTitle: string;
  meetingDate: string;
  discussed: string[];
  nextSteps: string[];
  /** The tracker issue discussed on the call, linked in the recap. */
  issueUrl?: string;
}

/** The handbook: after the meeting, email the client what we went over and the next steps, CC help+<label>@. */
export function createSendMeetingSummary(deps: Pick<ActivityDeps, 'mailer' | 'companyDomain'>) {
  return async function sendMeetingSummary(request: MeetingSummaryRequest): Promise<SendResult> {
    const email = meetingSummary({
      clientName: request.clientName,
      organisation: request.organisation,
      meetingTitle: request.meetingTitle,
      meetingDate: request.meetingDate,
      discussed: request.discussed,
      nextSteps: request.nextSteps,
      senderName: request.senderName,
      ...(request.issueUrl ? { issueUrl: request.issueUrl } : {}),
    });
    const cc = clientCc({
      mailingListLabel: request.mailingListLabel,
      companyDomain: deps.companyDomain,
      clientOwnerEmail: request.clientOwner,
      epicOwnerEmail: request.epicOwner,
      senderEmail: request.sender,
    });
    // Replies reach the person who held the meeting, not the generic sender address the mail goes out from.
    return sendOnce(deps, {
      idempotencyKey: request.idempotencyKey,
      to: [request.clientEmail],
      cc,
      replyTo: request.sender,
      email,
    });
  };
}
