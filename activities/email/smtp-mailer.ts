import path from 'node:path';
import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { loginSecrets, redactCredentials } from '../redact';
import { NonRetryableMailError } from './errors';
import { mailOptions } from './mail-options';
import type { EmailMessage, Mailer, SendResult } from './port';
import { SentLedger } from './sent-ledger';

/**
 * What to do with a message whose earlier attempt was cut off (a worker crash, a dropped connection) after the whole
 * message had gone to the relay but before the relay's reply arrived. SMTP cannot be asked whether it has a message,
 * so nothing can tell whether that attempt delivered it:
 * - `at-most-once`: never send it again. The client cannot get it twice; if the relay had not queued it, it is not
 *   delivered at all, and the send fails (without retrying) saying so, to be checked in the relay's log.
 * - `at-least-once`: send it again with the same Message-ID. It cannot be lost; the client may get it twice, as two
 *   copies with the same Message-ID, which many mailboxes (Gmail, for one) show once.
 * Every other interruption (before the end of the message left, or a refusal from the relay) is resent in both
 * modes: the relay discards a message whose end never arrived, so that resend is exactly-once.
 */
export type SmtpDelivery = 'at-most-once' | 'at-least-once';

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
  /** A message cut off between handing it over and the relay's reply: see SmtpDelivery. Default `at-most-once`. */
  delivery?: SmtpDelivery;
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

/**
 * Sends mail through an SMTP relay, once per Message-ID, across retries and worker crashes.
 *
 * The sent-ledger records each attempt before it starts (`sending`), again just before the end-of-data marker
 * leaves (`handed-over`), and the relay's 250 reply once it arrives. A retry reconciles with what it finds:
 * a 250 on record means done, nothing is sent; `sending` means the relay never had the whole message, so it is sent
 * again; `handed-over` without a reply is the one case nobody can resolve, and `delivery` says what to do.
 */
export class SmtpMailer implements Mailer {
  private readonly ledger: SentLedger;
  private readonly delivery: SmtpDelivery;
  /** Two concurrent calls for the same message inside this worker share one SMTP transaction. */
  private readonly inFlight = new Map<string, Promise<SendResult>>();

  constructor(private readonly options: SmtpMailerOptions) {
    this.ledger = new SentLedger(path.join(options.stateDir, 'smtp-sent'));
    this.delivery = options.delivery ?? 'at-most-once';
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

  /** Nothing stays open between sends (one connection per message); kept so callers can shut down uniformly. */
  close(): void {}

  private async sendOnce(message: EmailMessage): Promise<SendResult> {
    const { messageId } = message;
    if (await this.ledger.has(messageId)) return { messageId, delivered: false };

    const earlier = await this.ledger.pending(messageId);
    const handedOverBefore = earlier?.phase === 'handed-over' ? earlier.at : earlier?.handedOverBefore;
    if (handedOverBefore) {
      const what =
        `an earlier attempt (${handedOverBefore}) was cut off after handing the whole message to ` +
        `${this.options.host}:${this.options.port} and before the relay confirmed it`;
      if (this.delivery === 'at-most-once') {
        throw new NonRetryableMailError(
          `Delivery of ${messageId} is uncertain: ${what}. It is not sent again, so the client cannot get it twice ` +
            "(SMTP_DELIVERY=at-most-once): look for this Message-ID in the relay's log, and resend by hand if it " +
            'is not there.',
          'UNCERTAIN',
        );
      }
      process.emitWarning(
        `Sending ${messageId} again: ${what}. The client may get it twice, with the same Message-ID ` +
          '(SMTP_DELIVERY=at-least-once).',
      );
    }

    const composed = new MailComposer(mailOptions(this.options.from, message)).compile();
    const envelope = composed.getEnvelope();
    const raw = await composed.build();

    await this.ledger.markPending(messageId, 'sending', handedOverBefore);
    let handedOver = false;
    let info: SMTPConnection.SentMessageInfo;
    try {
      info = await this.transmit(envelope, raw, async () => {
        // Durably recorded before the end-of-data marker can leave: see PendingPhase.
        await this.ledger.markPending(messageId, 'handed-over', handedOverBefore);
        handedOver = true;
      });
    } catch (error) {
      // Without a reply from the relay after the hand-over, nobody knows: the record stays for the retry to weigh.
      // A reply (4xx, 5xx) or a failure before the hand-over means the relay has no message: nothing to remember.
      const replied = typeof (error as { responseCode?: unknown }).responseCode === 'number';
      if (!handedOver || replied) await this.ledger.clearPending(messageId);
      throw this.translateError(error);
    }

    // The message is out: from here on, failing would make Temporal retry and the client would get it twice.
    // A ledger write error is therefore reported as a warning, not thrown.
    try {
      await this.ledger.record({
        messageId,
        sentAt: new Date().toISOString(),
        accepted: info.accepted.map(addressText),
        rejected: info.rejected.map(addressText),
        response: info.response,
      });
      await this.ledger.clearPending(messageId);
    } catch (error) {
      process.emitWarning(
        `Sent ${messageId} but could not record it in the sent-ledger: ${this.redact(errorMessage(error))}`,
      );
    }
    return { messageId, delivered: true };
  }

  /**
   * One SMTP transaction on a connection of its own. nodemailer's SMTPConnection starts reading the message only
   * after the relay's 354 reply to DATA, and writes the end-of-data marker only when the message stream ends, so
   * ending the stream only after `beforeEnd` resolves orders the ledger write before the marker.
   */
  private transmit(
    envelope: SMTPConnection.Envelope,
    raw: Buffer,
    beforeEnd: () => Promise<void>,
  ): Promise<SMTPConnection.SentMessageInfo> {
    const timeout = this.options.timeoutMs ?? 60_000;
    const connection = new SMTPConnection({
      host: this.options.host,
      port: this.options.port,
      secure: this.options.secure,
      requireTLS: this.options.requireTls ?? (this.options.auth !== undefined && !this.options.secure),
      tls: this.options.tlsRejectUnauthorized === false ? { rejectUnauthorized: false } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        connection.close();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      connection.once('error', fail);
      connection.once('end', () =>
        fail(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' })),
      );
      const send = () =>
        connection.send(envelope, gatedMessage(raw, beforeEnd), (error, info) => {
          if (error) return fail(error);
          settled = true;
          connection.quit();
          resolve(info);
        });
      connection.connect((error) => {
        if (error) return fail(error);
        const { auth } = this.options;
        if (!auth) return send();
        connection.login({ user: auth.user, pass: auth.password }, (loginError) =>
          loginError ? fail(loginError) : send(),
        );
      });
    });
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
    const { auth } = this.options;
    // AUTH PLAIN and LOGIN put the password on the wire base64-encoded: redactCredentials hides those forms as well.
    return redactCredentials(text, auth ? loginSecrets(auth.user, auth.password) : []);
  }
}

/** The message, whose end waits for `beforeEnd`: the relay sees the end-of-data marker only after it resolved. */
function gatedMessage(raw: Buffer, beforeEnd: () => Promise<void>): Readable {
  let pushed = false;
  let ending = false;
  return new Readable({
    read() {
      if (!pushed) {
        pushed = true;
        this.push(raw);
        return;
      }
      if (ending) return;
      ending = true;
      beforeEnd().then(
        () => this.push(null),
        (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
}

function addressText(address: string | { address: string }): string {
  return typeof address === 'string' ? address : address.address;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
