import type Mail from 'nodemailer/lib/mailer';
import type { EmailMessage } from './port';

/** What both mailers hand to nodemailer, so an outbox `.eml` has the headers and bodies SMTP would have sent. */
export function mailOptions(from: string, message: EmailMessage): Mail.Options {
  return {
    from,
    to: message.to,
    cc: message.cc,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
  };
}
