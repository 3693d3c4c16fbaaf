import type { ActivityDeps } from './deps';
import type { SendResult } from './email/port';
import { idleLeadWarning, messageIdFor } from './email/templates';
import { failFastWhenHopeless } from './failures';

export interface IdleWarningRequest {
  idempotencyKey: string;
  to: string;
  leadName: string;
  organisation: string;
  stage: string;
  idleDays: number;
  lastActivity: string;
}

export function createSendIdleWarning({ mailer, companyDomain }: Pick<ActivityDeps, 'mailer' | 'companyDomain'>) {
  return async function sendIdleWarning(request: IdleWarningRequest): Promise<SendResult> {
    const email = idleLeadWarning({
      leadName: request.leadName,
      organisation: request.organisation,
      stage: request.stage,
      idleDays: request.idleDays,
      lastActivity: request.lastActivity.slice(0, 10),
    });
    return failFastWhenHopeless(() =>
      mailer.send({
        messageId: messageIdFor(request.idempotencyKey, companyDomain),
        to: [request.to],
        cc: [],
        ...email,
      }),
    );
  };
}
