import path from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { NonRetryableMailError } from './errors';
import { mailOptions } from './mail-options';
import type { EmailMessage, Mailer, SendResult } from './port';
import { SentLedger } from './sent-ledger';

export interface SmtpMailerOptions {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465). When false, STARTTLS is used if the server offers it. */
  secure: boolean;
  auth?: { user: string; password: string };
  /** The From header, e.g. `Sales <sales@example.com>`. */
  from: string;
  /** Folder for the sent-ledger (`<stateDir>/smtp-sent/`): must survive worker restarts to keep sends idempotent. */
  stateDir: string;
  /**
   * Refuse to send without TLS. Defaults to true whenever credentials are configured and `secure` is false, so a
   * password is never sent in the clear because a server (or an attacker in the middle) stopped offering STARTTLS.
   */
  requireTls?: boolean;
  /** Only for tests and private relays with self-signed certificates. */
  tlsRejectUnauthorized?: boolean;
  /** Connection, greeting and socket timeouts; an activity should fail and retry rather than hang. */
  timeoutMs?: number;
}

/** Sends mail through an SMTP relay, at most once per Message-ID. */
export class SmtpMailer implements Mailer {
  private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly ledger: SentLedger;
  /** Two concurrent calls for the same message inside this worker share one SMTP transaction. */
  private readonly inFlight = new Map<string, Promise<SendResult>>();

  constructor(private readonly options: SmtpMailerOptions) {
    const timeout = options.timeoutMs ?? 60_000;
    this.transporter = createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: options.requireTls ?? (options.auth !== undefined && !options.secure),
      auth: options.auth ? { user: options.auth.user, pass: options.auth.password } : undefined,
      tls: options.tlsRejectUnauthorized === false ? { rejectUnauthorized: false } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    this.ledger = new SentLedger(path.join(options.stateDir, 'smtp-sent'));
  }

  async send(message: EmailMessage): Promise<SendResult> {
    const running = this.inFlight.get(message.messageId);
    if (running) {
      await running;
      return { messageId: message.messageId, delivered: false };
    }
    const attempt = this.sendOnce(message).finally(() => this.inFlight.delete(message.messageId));
    this.inFlight.set(message.messageId, attempt);
    return attempt;
  }

  /** Closes pooled connections (none by default); lets tests and a shutting-down worker exit cleanly. */
  close(): void {
    this.transporter.close();
  }

  private async sendOnce(message: EmailMessage): Promise<SendResult> {
    if (await this.ledger.has(message.messageId)) return { messageId: message.messageId, delivered: false };

    let info: SMTPTransport.SentMessageInfo;
    try {
      info = await this.transporter.sendMail(mailOptions(this.options.from, message));
    } catch (error) {
      throw this.translateError(error);
    }

    // The message is out: from here on, failing would make Temporal retry and the client would get it twice.
    // A ledger write error is therefore reported as a warning, not thrown.
    try {
      await this.ledger.record({
        messageId: message.messageId,
        sentAt: new Date().toISOString(),
        accepted: info.accepted.map(addressText),
        rejected: info.rejected.map(addressText),
        response: info.response,
      });
    } catch (error) {
      process.emitWarning(
        `Sent ${message.messageId} but could not record it in the sent-ledger: ${this.redact(errorMessage(error))}`,
      );
    }
    return { messageId: message.messageId, delivered: true };
  }

  /**
   * A fresh error whose text never contains the password (nodemailer's own errors carry the SMTP transcript and
   * are not attached as `cause`, since Temporal serialises causes into workflow history).
   */
  private translateError(error: unknown): Error {
    const details = error as { code?: unknown; responseCode?: unknown };
    const code = typeof details.code === 'string' ? details.code : undefined;
    const reply = typeof details.responseCode === 'number' ? details.responseCode : undefined;
    const text = `SMTP send via ${this.options.host}:${this.options.port} failed: ${this.redact(errorMessage(error))}`;
    // 454 is "temporary authentication failure": the only auth failure worth retrying.
    const badCredentials = code === 'EAUTH' && reply !== 454;
    const permanentRejection = reply !== undefined && reply >= 500 && reply < 600;
    if (badCredentials || permanentRejection) return new NonRetryableMailError(text, String(reply ?? code));
    const retryable = new Error(text);
    retryable.name = 'SmtpSendError';
    return retryable;
  }

  private redact(text: string): string {
    const password = this.options.auth?.password;
    if (!password) return text;
    const user = this.options.auth?.user ?? '';
    // AUTH PLAIN and LOGIN put the password on the wire base64-encoded: hide those forms as well.
    const forms = [
      password,
      Buffer.from(password).toString('base64'),
      Buffer.from(`\u0000${user}\u0000${password}`).toString('base64'),
    ];
    return forms.reduce((redacted, form) => redacted.split(form).join('***'), text);
  }
}

function addressText(address: string | { address: string }): string {
  return typeof address === 'string' ? address : address.address;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
