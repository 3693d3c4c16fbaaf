import type { ActivityDeps } from './deps';
import type { SendResult } from './email/port';
import { followUpReminder } from './email/templates';
import { sendOnce } from './email/send-once';

export interface FollowUpReminderRequest {
  /** Same key on every retry, so the owner gets one reminder however often the activity runs. */
  idempotencyKey: string;
  to: string;
  leadName: string;
  organisation: string;
  stage: string;
  dueAt: string;
}

export function createSendFollowUpReminder(deps: Pick<ActivityDeps, 'mailer' | 'companyDomain'>) {
  return async function sendFollowUpReminder(request: FollowUpReminderRequest): Promise<SendResult> {
    const email = followUpReminder({
      leadName: request.leadName,
      organisation: request.organisation,
      stage: request.stage,
      dueDate: request.dueAt.slice(0, 10),
    });
    return sendOnce(deps, { idempotencyKey: request.idempotencyKey, to: [request.to], email });
  };
}
