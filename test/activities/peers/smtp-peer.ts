import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  /** When the end of the message arrived: the relay has queued it, whether or not its 250 reply gets through. */
  at: number;
}

export interface SmtpPeer {
  port: number;
  received: ReceivedMail[];
  /** Replies with this error to the next DATA instead of accepting it, then goes back to accepting. */
  failNextData(code: number, message: string): void;
  /** Changes how slowly the relay answers from now on (see `delays`). */
  setDelays(delays: { rcptMs?: number; dataReplyMs?: number }): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (nodemailer's own smtp-server): every accepted message is parsed with mailparser,
 * so tests see exactly what a client's mail server would.
 */
export async function startSmtpPeer(
  options: {
    credentials?: { user: string; password: string };
    rejectRecipients?: string[];
    /** A slow relay: milliseconds before answering each RCPT TO, and before the 250 after a message is queued. */
    delays?: { rcptMs?: number; dataReplyMs?: number };
    /** A fixed port, e.g. to bring a relay back where a worker expects it; any free port when omitted. */
    port?: number;
  } = {},
): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  let nextDataFailure: { code: number; message: string } | undefined;
  const { credentials } = options;

  const serverOptions: SMTPServerOptions = {
    logger: false,
    // With credentials: STARTTLS (smtp-server's built-in self-signed certificate) and mandatory AUTH, as a real relay.
    // Without: a plain local relay, like a development mail catcher.
    disabledCommands: credentials ? [] : ['STARTTLS', 'AUTH'],
    authOptional: !credentials,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.password) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      }
    },
    onRcptTo(address, _session, callback) {
      setTimeout(() => {
        if (options.rejectRecipients?.includes(address.address)) {
          callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
        } else {
          callback();
        }
      }, options.delays?.rcptMs ?? 0);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (nextDataFailure) {
          const failure = nextDataFailure;
          nextDataFailure = undefined;
          callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            received.push({
              envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              parsed,
              at: Date.now(),
            });
            // Like a real MTA, the message is queued (above) before the reply; a slow relay answers late.
            setTimeout(() => callback(), options.delays?.dataReplyMs ?? 0);
          },
          (error: Error) => callback(error),
        );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  // A client killed mid-dialogue resets its connection; a real relay logs that and goes on serving.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    received,
    failNextData(code, message) {
      nextDataFailure = { code, message };
    },
    setDelays(delays) {
      options.delays = delays;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
