import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { BY_MESSAGE_ID, OutboxMailer, shortMessageId } from '../../activities/email/outbox-mailer';
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

  const emlFiles = async () => (await readdir(dir)).filter((file) => file.endsWith('.eml'));

  it('writes a real .eml a person can find by day and subject, which mailparser reads back', async () => {
    const mailer = new OutboxMailer({ dir, from: 'Sales <sales@example.com>' });
    await expect(mailer.send(message)).resolves.toEqual({ messageId: message.messageId, delivered: true });

    const files = await emlFiles();
    const today = new Date().toISOString().slice(0, 10);
    expect(files).toEqual([`${today}_rescheduling-our-meeting-intro-call_${shortMessageId(message.messageId)}.eml`]);
    // The Message-ID still names the idempotency record, out of the way in a hidden folder.
    expect(await readdir(path.join(dir, BY_MESSAGE_ID))).toEqual(['lead=2F9=3Ano-show@example.com.eml']);
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
    expect(await emlFiles()).toHaveLength(1);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect((await simpleParser(await readFile(file))).subject).toBe('Rescheduling our meeting: Intro call');
  });

  it('lets exactly one of two concurrent sends write the file', async () => {
    const mailer = new OutboxMailer({ dir, from: 'Sales <sales@example.com>' });
    const other = { ...message, messageId: messageIdFor('lead-10:no-show', 'example.com') };
    const results = await Promise.all([mailer.send(other), mailer.send(other), mailer.send(other)]);
    expect(results.filter((result) => result.delivered)).toHaveLength(1);
    const files = await emlFiles();
    expect(files.filter((name) => name.endsWith(`_${shortMessageId(other.messageId)}.eml`))).toHaveLength(1);
    const records = await readdir(path.join(dir, BY_MESSAGE_ID));
    expect(records.filter((name) => name.startsWith('lead-10'))).toEqual(['lead-10=3Ano-show@example.com.eml']);
    expect(records.some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('names the file again on a retry when a crash came between the record and the readable name', async () => {
    const mailer = new OutboxMailer({ dir, from: 'Sales <sales@example.com>' });
    const crashed = { ...message, messageId: messageIdFor('lead-11:no-show', 'example.com') };
    await mailer.send(crashed);
    const readable = (await emlFiles()).find((name) => name.endsWith(`_${shortMessageId(crashed.messageId)}.eml`));
    await rm(path.join(dir, readable ?? 'missing'));

    await expect(mailer.send(crashed)).resolves.toEqual({ messageId: crashed.messageId, delivered: false });
    expect(await emlFiles()).toContain(readable);
  });

  it('sends nothing again for a message an older outbox holds under its Message-ID', async () => {
    const legacyDir = await mkdtemp(path.join(tmpdir(), 'outbox-legacy-'));
    try {
      const legacy = { ...message, messageId: messageIdFor('lead-12:no-show', 'example.com') };
      await writeFile(path.join(legacyDir, 'lead-12=3Ano-show@example.com.eml'), 'written before readable names');
      const mailer = new OutboxMailer({ dir: legacyDir, from: 'Sales <sales@example.com>' });
      await expect(mailer.send(legacy)).resolves.toEqual({ messageId: legacy.messageId, delivered: false });
      expect(await readdir(legacyDir)).toEqual(['lead-12=3Ano-show@example.com.eml']);
    } finally {
      await rm(legacyDir, { recursive: true, force: true });
    }
  });
});
