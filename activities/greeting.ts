import type { ActivityDeps } from './deps';
import type { SendResult } from './email/port';
import { clientCc, firstContactGreeting } from './email/templates';
import { sendOnce } from './email/send-once';

export interface GreetingRequest {
  idempotencyKey: string;
  kind: 'hosting-quote' | 'pt-plan';
  clientEmail: string;
  clientName: string;
  organisation: string;
  mailingListLabel: string;
  /** Who approved it: signs it and receives the replies. */
  owner: string;
  note?: string;
}

/** The first contact a lead gets, once its owner approved it; CC help+<label>@ like all client mail (000). */
export function createSendGreeting(deps: Pick<ActivityDeps, 'mailer' | 'companyDomain'>) {
  return async function sendGreeting(request: GreetingRequest): Promise<SendResult> {
    const email = firstContactGreeting({
      kind: request.kind,
      clientName: request.clientName,
      organisation: request.organisation,
      ...(request.note ? { note: request.note } : {}),
      senderName: request.owner,
    });
    const cc = clientCc({
      mailingListLabel: request.mailingListLabel,
      companyDomain: deps.companyDomain,
      senderEmail: request.owner,
    });
    return sendOnce(deps, {
      idempotencyKey: request.idempotencyKey,
      to: [request.clientEmail],
      cc,
      replyTo: request.owner,
      email,
    });
  };
}
