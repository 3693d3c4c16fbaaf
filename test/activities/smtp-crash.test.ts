import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SmtpDelivery } from '../../activities/email/smtp-mailer';
import { messageIdFor } from '../../activities/email/templates';
import type { PendingRecord } from '../../activities/email/sent-ledger';
import type { SendJob, SendReport } from './children/send-mail';
import { startSmtpPeer, type SmtpPeer } from './peers/smtp-peer';

/**
 * A worker sending a batch of client emails through a slow relay is SIGKILLed at a random moment, twice, and a new
 * worker retries the batch each time; a third run finishes it. The relay answers each RCPT TO after 250 ms and each
 * message after 1.2 s, and the messages start 200 ms apart, so every kill finds some messages not started, some in
 * the middle of the SMTP dialogue, several handed over with no reply yet, and some confirmed.
 */
const COUNT = 10;
const STAGGER_MS = 200;
const DELAYS = { rcptMs: 250, dataReplyMs: 1200 };

const keys = Array.from({ length: COUNT }, (_, i) => `lead-${i}/meeting-1/summary`);
const idOf = (key: string) => messageIdFor(key, 'example.com');

interface Run {
  reports: SendReport[];
  killed: boolean;
}

/** One worker process; killed `killAfterMs` after it is ready, or left to finish. */
async function runWorker(job: SendJob, killAfterMs?: number): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'children', 'send-mail.ts'), JSON.stringify(job)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const reports: SendReport[] = [];
  let buffered = '';
  let killTimer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const report = JSON.parse(line) as SendReport;
      reports.push(report);
      if (report.event === 'ready' && killAfterMs !== undefined) {
        killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    }
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  clearTimeout(killTimer);
  return { reports, killed: signal === 'SIGKILL' };
}

/** The sent-ledger as a crashed worker left it: confirmed Message-IDs, and the phase of each unfinished one. */
async function ledgerState(stateDir: string) {
  const folder = path.join(stateDir, 'smtp-sent');
  const confirmed = new Set<string>();
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    confirmed.add((JSON.parse(await readFile(path.join(folder, name), 'utf8')) as { messageId: string }).messageId);
  }
  const pending = new Map<string, PendingRecord>();
  for (const name of await readdir(path.join(folder, 'pending')).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const record = JSON.parse(await readFile(path.join(folder, 'pending', name), 'utf8')) as PendingRecord;
    pending.set(record.messageId, record);
  }
  return { confirmed, pending };
}

function deliveriesById(peer: SmtpPeer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of peer.received)
    counts.set(mail.parsed.messageId ?? '', (counts.get(mail.parsed.messageId ?? '') ?? 0) + 1);
  return counts;
}

interface Outcome {
  deliveries: Map<string, number>;
  /** Message-IDs some kill caught after the hand-over and before the relay's reply was recorded. */
  caughtHandedOver: Set<string>;
  /** Message-IDs some kill caught in the SMTP dialogue, before the hand-over. */
  caughtSending: Set<string>;
  /** What the last, uninterrupted run reported for each key. */
  final: Map<string, SendReport>;
}

async function crashAndRetry(delivery: SmtpDelivery): Promise<Outcome> {
  const peer = await startSmtpPeer({ delays: DELAYS });
  const stateDir = await mkdtemp(path.join(tmpdir(), 'smtp-crash-'));
  try {
    const job: SendJob = {
      port: peer.port,
      stateDir,
      delivery,
      messages: keys.map((key, i) => ({ key, startAfterMs: i * STAGGER_MS })),
    };
    const caughtHandedOver = new Set<string>();
    const caughtSending = new Set<string>();
    for (let kill = 0; kill < 2; kill++) {
      // Random, but always while messages are in flight: the first starts at 0, the last is confirmed after ~3.2 s.
      const run = await runWorker(job, 800 + Math.random() * 1000);
      expect(run.killed).toBe(true);
      // Whatever the dead worker put on the wire reaches the relay a moment later.
      await sleep(300);
      const ledger = await ledgerState(stateDir);
      const mayHaveDelivered = (record?: PendingRecord) =>
        record?.phase === 'handed-over' || record?.handedOverBefore !== undefined;
      for (const [id, record] of ledger.pending) {
        if (mayHaveDelivered(record)) caughtHandedOver.add(id);
        if (record.phase === 'sending') caughtSending.add(id);
      }
      // The ledger never claims less than happened: every message the relay has, and no 250 was recorded for, is
      // marked as handed over (now, or by an earlier attempt). Were the marker written after the end of the
      // message, or lost by a resend, this would fail.
      for (const mail of peer.received) {
        const id = mail.parsed.messageId ?? '';
        if (!ledger.confirmed.has(id)) expect([id, mayHaveDelivered(ledger.pending.get(id))]).toEqual([id, true]);
      }
    }
    const last = await runWorker(job);
    expect(last.killed).toBe(false);
    const final = new Map<string, SendReport>();
    for (const report of last.reports)
      if (report.event === 'sent' || report.event === 'failed') final.set(report.key, report);
    expect([...final.keys()].sort()).toEqual([...keys].sort());
    // Every copy the relay got carries the Message-ID of its key: a resend is recognisable as the same message.
    for (const mail of peer.received)
      expect(idOf(mail.parsed.subject?.replace('Summary ', '') ?? '')).toBe(mail.parsed.messageId);
    return { deliveries: deliveriesById(peer), caughtHandedOver, caughtSending, final };
  } finally {
    await peer.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

jest.setTimeout(120_000);

test('at-most-once (the default): a killed and retried worker never delivers twice, and never loses a message silently', async () => {
  const { deliveries, caughtHandedOver, caughtSending, final } = await crashAndRetry('at-most-once');

  // The kills did land in both interesting places, so the assertions below are about something.
  expect(caughtHandedOver.size).toBeGreaterThan(0);
  expect(caughtSending.size).toBeGreaterThan(0);

  for (const key of keys) {
    const id = idOf(key);
    const outcome = final.get(key);
    expect([key, deliveries.get(id) ?? 0]).toEqual([key, expect.any(Number)]);
    expect(deliveries.get(id) ?? 0).toBeLessThanOrEqual(1);
    if (caughtHandedOver.has(id)) {
      // Nobody can know whether the relay kept it: reported as uncertain, not retried, not sent again.
      expect(outcome).toMatchObject({
        event: 'failed',
        nonRetryable: true,
        message: expect.stringContaining('uncertain'),
      });
    } else {
      // Cut off before the hand-over, or not at all: delivered exactly once.
      expect([key, deliveries.get(id)]).toEqual([key, 1]);
      expect(outcome).toMatchObject({ event: 'sent' });
    }
  }
});

test('at-least-once: a killed and retried worker never loses a message; only a message caught between hand-over and reply is sent twice', async () => {
  const { deliveries, caughtHandedOver, caughtSending, final } = await crashAndRetry('at-least-once');

  expect(caughtHandedOver.size).toBeGreaterThan(0);
  expect(caughtSending.size).toBeGreaterThan(0);

  for (const key of keys) {
    const id = idOf(key);
    expect(final.get(key)).toMatchObject({ event: 'sent' });
    if (caughtHandedOver.has(id)) {
      expect([key, deliveries.get(id) ?? 0]).toEqual([key, expect.any(Number)]);
      expect(deliveries.get(id) ?? 0).toBeGreaterThanOrEqual(1);
    } else {
      expect([key, deliveries.get(id)]).toEqual([key, 1]);
    }
  }
  // The choice is real: the relay had some of the messages caught after the hand-over, and got them again.
  expect([...deliveries.values()].some((count) => count > 1)).toBe(true);
});
