import type { ActivityDeps } from './deps';
import type { SendResult } from './email/port';
import { idleLeadWarning } from './email/templates';
import { sendOnce } from './email/send-once';

export interface IdleWarningRequest {
  idempotencyKey: string;
  to: string;
  leadName: string;
  organisation: string;
  stage: string;
  idleDays: number;
  lastActivity: string;
}

export function createSendIdleWarning(deps: Pick<ActivityDeps, 'mailer' | 'companyDomain'>) {
  return async function sendIdleWarning(request: IdleWarningRequest): Promise<SendResult> {
    const email = idleLeadWarning({
      leadName: request.leadName,
      organisation: request.organisation,
      stage: request.stage,
      idleDays: request.idleDays,
      lastActivity: request.lastActivity.slice(0, 10),
    });
    return sendOnce(deps, { idempotencyKey: request.idempotencyKey, to: [request.to], email });
  };
}
