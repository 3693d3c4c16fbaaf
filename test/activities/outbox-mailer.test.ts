import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { OutboxMailer } from '../../activities/email/outbox-mailer';
import type { EmailMessage } from '../../activities/email/port';
import { messageIdFor, noShow } from '../../activities/email/templates';

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}

describe('OutboxMailer', () => {
  let dir: string;

  // A folder of its own for every test: what one test wrote is never there for the next.
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const message: EmailMessage = {
    messageId: messageIdFor('lead/9:no-show', 'example.com'),
    to: ['jimmy@hedera.example.edu'],
    cc: ['help+hedera@example.com'],
    ...noShow({
      clientName: 'Jimmy',
      meetingTitle: 'Intro call',
      slots: ['Tue 6 Jan, 15:00 UTC', 'Wed 7 Jan, 10:00 UTC'],
      senderName: 'Sam Sales',
    }),
  };

  it('writes a real .eml named after the Message-ID, which mailparser reads back', async () => {
    const mailer = new OutboxMailer({ dir, from: 'Sales <sales@example.com>' });
    await expect(mailer.send(message)).resolves.toEqual({ messageId: message.messageId, delivered: true });

    const files = await readdir(dir);
    expect(files).toEqual(['lead=2F9=3Ano-show@example.com.eml']);
    const parsed = await simpleParser(await readFile(path.join(dir, files[0])));
    expect(parsed.messageId).toBe('<lead=2F9=3Ano-show@example.com>');
    expect(addresses(parsed.from)).toEqual(['sales@example.com']);
    expect(addresses(parsed.to)).toEqual(['jimmy@hedera.example.edu']);
    expect(addresses(parsed.cc)).toEqual(['help+hedera@example.com']);
    expect(parsed.subject).toBe('Rescheduling our meeting: Intro call');
    expect(parsed.text).toContain('1. Tue 6 Jan, 15:00 UTC');
    expect(parsed.html).toContain('<li>Wed 7 Jan, 10:00 UTC</li>');
    expect(parsed.date).toBeInstanceOf(Date);
  });

  it('writes nothing on a second send of the same message', async () => {
    await new OutboxMailer({ dir, from: 'Sales <sales@example.com>' }).send(message);
    const mailer = new OutboxMailer({ dir, from: 'Sales <sales@example.com>' });
    const file = mailer.pathFor(message.messageId);
    const before = await stat(file);

    await expect(mailer.send({ ...message, subject: 'changed' })).resolves.toEqual({
      messageId: message.messageId,
      delivered: false,
    });
    expect(await readdir(dir)).toHaveLength(1);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect((await simpleParser(await readFile(file))).subject).toBe('Rescheduling our meeting: Intro call');
  });

  it('lets exactly one of two concurrent sends write the file', async () => {
    const mailer = new OutboxMailer({ dir, from: 'Sales <sales@example.com>' });
    const other = { ...message, messageId: messageIdFor('lead-10:no-show', 'example.com') };
    const results = await Promise.all([mailer.send(other), mailer.send(other), mailer.send(other)]);
    expect(results.filter((result) => result.delivered)).toHaveLength(1);
    expect(await readdir(dir)).toEqual(['lead-10=3Ano-show@example.com.eml']);
  });
});
