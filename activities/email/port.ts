export interface EmailMessage {
  /** Deterministic, globally unique id (`<idempotency-key@company-domain>`): the same logical message always has the same id. */
  messageId: string;
  to: string[];
  cc: string[];
  /** Where replies go when not to the From address, e.g. the person who held the meeting. */
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
}

export interface SendResult {
  messageId: string;
  /** False when a message with this Message-ID had already been delivered, so nothing was sent this time. */
  delivered: boolean;
}

/** Where outgoing mail goes: SMTP in production, `.eml` files in the outbox by default. */
export interface Mailer {
  send(message: EmailMessage): Promise<SendResult>;
}
