/**
 * Run as a child process by the crash tests (`node --import tsx send-mail.ts <json>`): sends a batch of messages
 * through a real SmtpMailer, each starting at its own offset, and reports every step on standard output as JSON
 * lines, so the test can SIGKILL this process at any moment, as a worker crash would, and retry with a new one.
 */
import { SmtpMailer, type SmtpDelivery } from '../../../activities/email/smtp-mailer';
import { messageIdFor } from '../../../activities/email/templates';

export interface SendJob {
  port: number;
  stateDir: string;
  delivery: SmtpDelivery;
  messages: { key: string; startAfterMs: number }[];
}

export type SendReport =
  | { event: 'ready' }
  | { event: 'start'; key: string }
  | { event: 'sent'; key: string; delivered: boolean }
  | { event: 'failed'; key: string; message: string; nonRetryable: boolean };

function report(line: SendReport): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as SendJob;
  const mailer = new SmtpMailer({
    host: '127.0.0.1',
    port: job.port,
    secure: false,
    from: 'Sales <sales@example.com>',
    stateDir: job.stateDir,
    delivery: job.delivery,
    timeoutMs: 10_000,
  });
  report({ event: 'ready' });
  await Promise.all(
    job.messages.map(async ({ key, startAfterMs }) => {
      await new Promise((resolve) => setTimeout(resolve, startAfterMs));
      report({ event: 'start', key });
      try {
        const result = await mailer.send({
          messageId: messageIdFor(key, 'example.com'),
          to: ['client@example.org'],
          cc: [],
          subject: `Summary ${key}`,
          text: `What we discussed in ${key}.\n`,
          html: `<p>What we discussed in ${key}.</p>\n`,
        });
        report({ event: 'sent', key, delivered: result.delivered });
      } catch (error) {
        report({
          event: 'failed',
          key,
          message: error instanceof Error ? error.message : String(error),
          nonRetryable: (error as { nonRetryable?: unknown }).nonRetryable === true,
        });
      }
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
