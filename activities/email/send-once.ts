import { failFastWhenHopeless } from '../failures';
import { messageIdFor } from './addressing';
import type { Mailer, SendResult } from './port';
import type { RenderedEmail } from './templates';

/**
 * How every activity sends mail: the Message-ID comes from the activity's idempotency key, so a retry delivers
 * once, and a failure no retry can fix (bad credentials, a rejected recipient) stops the retries at once.
 */
export function sendOnce(
  { mailer, companyDomain }: { mailer: Mailer; companyDomain: string },
  message: { idempotencyKey: string; to: string[]; cc?: string[]; replyTo?: string; email: RenderedEmail },
): Promise<SendResult> {
  return failFastWhenHopeless(() =>
    mailer.send({
      messageId: messageIdFor(message.idempotencyKey, companyDomain),
      to: message.to,
      cc: message.cc ?? [],
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      ...message.email,
    }),
  );
}
