import type { ActivityDeps } from './deps';
import type { SendResult } from './email/port';
import { followUpReminder, messageIdFor } from './email/templates';

export interface FollowUpReminderRequest {
  /** Same key on every retry, so the owner gets one reminder however often the activity runs. */
  idempotencyKey: string;
  to: string;
  leadName: string;
  organisation: string;
  stage: string;
  dueAt: string;
}

export function createSendFollowUpReminder({ mailer, companyDomain }: Pick<ActivityDeps, 'mailer' | 'companyDomain'>) {
  return async function sendFollowUpReminder(request: FollowUpReminderRequest): Promise<SendResult> {
    const email = followUpReminder({
      leadName: request.leadName,
      organisation: request.organisation,
      stage: request.stage,
      dueDate: request.dueAt.slice(0, 10),
    });
    return mailer.send({
      messageId: messageIdFor(request.idempotencyKey, companyDomain),
      to: [request.to],
      cc: [],
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
  };
}
