import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressObject } from 'mailparser';
import { NonRetryableMailError } from '../../activities/email/errors';
import type { EmailMessage } from '../../activities/email/port';
import { SmtpMailer } from '../../activities/email/smtp-mailer';
import { clientCc, meetingSummary, messageIdFor } from '../../activities/email/templates';
import { startSmtpPeer, type SmtpPeer } from './peers/smtp-peer';

const FROM = 'Sales <sales@example.com>';

function summaryMessage(key: string): EmailMessage {
  const email = meetingSummary({
    clientName: 'Jimmy',
    organisation: 'Hedera University',
    meetingTitle: 'Intro call',
    meetingDate: '2026-01-05',
    discussed: ['Micro-degrees on Open edX', 'Hosting <options> & pricing'],
    nextSteps: ['Send requirements', 'Start a 5-hour discovery'],
    senderName: 'Sam Sales',
  });
  return {
    messageId: messageIdFor(key, 'example.com'),
    to: ['jimmy@hedera.example.edu'],
    cc: clientCc({
      mailingListLabel: 'hedera',
      companyDomain: 'example.com',
      clientOwnerEmail: 'owner@example.com',
      senderEmail: FROM,
    }),
    ...email,
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}

describe('SmtpMailer against a real SMTP server', () => {
  let peer: SmtpPeer;
  let stateDir: string;
  let mailer: SmtpMailer;

  // A server, ledger and mailer of its own for every test: a test sees only the messages it sent itself.
  beforeEach(async () => {
    peer = await startSmtpPeer();
    stateDir = await mkdtemp(path.join(tmpdir(), 'smtp-state-'));
    mailer = new SmtpMailer({ host: '127.0.0.1', port: peer.port, secure: false, from: FROM, stateDir });
  });

  afterEach(async () => {
    mailer.close();
    await peer.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('delivers To, CC, Subject, both bodies and the deterministic Message-ID', async () => {
    const message = summaryMessage('lead-1:meeting-summary');
    const result = await mailer.send(message);

    expect(result).toEqual({ messageId: '<lead-1=3Ameeting-summary@example.com>', delivered: true });
    expect(peer.received).toHaveLength(1);
    const [{ parsed, envelopeTo }] = peer.received;
    expect(addresses(parsed.to)).toEqual(['jimmy@hedera.example.edu']);
    expect(addresses(parsed.cc)).toEqual(['help+hedera@example.com', 'owner@example.com']);
    expect(envelopeTo.sort()).toEqual(['help+hedera@example.com', 'jimmy@hedera.example.edu', 'owner@example.com']);
    expect(addresses(parsed.from)).toEqual(['sales@example.com']);
    expect(parsed.subject).toBe('Summary and next steps: Intro call');
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.text).toContain('- Hosting <options> & pricing');
    expect(parsed.text).toContain('1. Send requirements');
    expect(parsed.html).toContain('<li>Hosting &lt;options&gt; &amp; pricing</li>');
  });

  it('delivers a retried send exactly once, even from a new mailer after a restart', async () => {
    const message = summaryMessage('lead-2:meeting-summary');
    await expect(mailer.send(message)).resolves.toMatchObject({ delivered: true });
    await expect(mailer.send(message)).resolves.toEqual({ messageId: message.messageId, delivered: false });

    const restarted = new SmtpMailer({ host: '127.0.0.1', port: peer.port, secure: false, from: FROM, stateDir });
    await expect(restarted.send(message)).resolves.toMatchObject({ delivered: false });
    restarted.close();

    expect(peer.received).toHaveLength(1);
  });

  it('delivers concurrent sends of the same message once', async () => {
    const message = summaryMessage('lead-3:meeting-summary');
    const results = await Promise.all([mailer.send(message), mailer.send(message)]);
    expect(results.map((result) => result.delivered).sort()).toEqual([false, true]);
    expect(peer.received).toHaveLength(1);
  });

  it('leaves a temporarily refused message unrecorded, so the retry delivers it', async () => {
    const message = summaryMessage('lead-4:meeting-summary');
    peer.failNextData(451, 'Try again later');
    const failure = await mailer.send(message).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(NonRetryableMailError);
    expect(peer.received).toHaveLength(0);

    await expect(mailer.send(message)).resolves.toMatchObject({ delivered: true });
    expect(peer.received).toHaveLength(1);
  });

  it('keeps one ledger marker per delivered Message-ID', async () => {
    const first = summaryMessage('lead-1:meeting-summary');
    const second = summaryMessage('lead-2:meeting-summary');
    await mailer.send(first);
    await Promise.all([mailer.send(second), mailer.send(second)]);
    await mailer.send(first);
    peer.failNextData(451, 'Try again later');
    await expect(mailer.send(summaryMessage('lead-3:meeting-summary'))).rejects.toThrow();

    expect(peer.received).toHaveLength(2);
    const markers = await readdir(path.join(stateDir, 'smtp-sent'));
    expect(markers.filter((name) => name.endsWith('.json')).sort()).toEqual([
      'lead-1=3Ameeting-summary@example.com.json',
      'lead-2=3Ameeting-summary@example.com.json',
    ]);
    // An attempt that ended, delivered or not, leaves no intent behind for a delivered message.
    const pending = await readdir(path.join(stateDir, 'smtp-sent', 'pending')).catch(() => []);
    expect(pending.filter((name) => !name.startsWith('lead-3'))).toEqual([]);
  });
});

describe('SmtpMailer with permanent rejections', () => {
  let peer: SmtpPeer;
  let stateDir: string;

  beforeEach(async () => {
    peer = await startSmtpPeer({ rejectRecipients: ['nobody@hedera.example.edu'] });
    stateDir = await mkdtemp(path.join(tmpdir(), 'smtp-state-'));
  });

  afterEach(async () => {
    await peer.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('reports a recipient the server refuses with 550 as non-retryable', async () => {
    const mailer = new SmtpMailer({ host: '127.0.0.1', port: peer.port, secure: false, from: FROM, stateDir });
    const message = { ...summaryMessage('lead-5:summary'), to: ['nobody@hedera.example.edu'], cc: [] };
    await expect(mailer.send(message)).rejects.toBeInstanceOf(NonRetryableMailError);
    mailer.close();
    expect(peer.received).toHaveLength(0);
  });
});

describe('SmtpMailer with SMTP AUTH over STARTTLS', () => {
  const credentials = { user: 'mailer@example.com', password: 'S3cret-pass-word!' };
  let peer: SmtpPeer;
  let stateDir: string;

  beforeEach(async () => {
    peer = await startSmtpPeer({ credentials });
    stateDir = await mkdtemp(path.join(tmpdir(), 'smtp-state-'));
  });

  afterEach(async () => {
    await peer.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  const mailerWith = (password: string) =>
    new SmtpMailer({
      host: '127.0.0.1',
      port: peer.port,
      secure: false,
      auth: { user: credentials.user, password },
      from: FROM,
      stateDir,
      // smtp-server's built-in certificate is self-signed.
      tlsRejectUnauthorized: false,
    });

  it('sends with the right credentials', async () => {
    const mailer = mailerWith(credentials.password);
    await expect(mailer.send(summaryMessage('lead-6:summary'))).resolves.toMatchObject({ delivered: true });
    mailer.close();
    expect(peer.received).toHaveLength(1);
  });

  it('rejects wrong credentials as non-retryable, without the password in the error', async () => {
    const wrongPassword = 'Wr0ng-and-secret';
    const mailer = mailerWith(wrongPassword);
    const failure = await mailer.send(summaryMessage('lead-7:summary')).catch((error: unknown) => error);
    mailer.close();

    expect(failure).toBeInstanceOf(NonRetryableMailError);
    const everything = JSON.stringify(failure, Object.getOwnPropertyNames(failure));
    expect(everything).toContain('535');
    expect(everything).not.toContain(wrongPassword);
    expect(everything).not.toContain(Buffer.from(wrongPassword).toString('base64'));
    expect(everything).not.toContain(Buffer.from(`\u0000${credentials.user}\u0000${wrongPassword}`).toString('base64'));
    expect(peer.received).toHaveLength(0);
  });
});
