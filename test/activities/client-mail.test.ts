import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { createBillingActivities } from '../../activities/billing/activities';
import { JsonLinesWorkLogs } from '../../activities/billing/jsonl-work-logs';
import { LocalInvoicing } from '../../activities/billing/local-invoicing';
import { OutboxMailer } from '../../activities/email/outbox-mailer';
import { createMeetingEtiquetteActivities } from '../../activities/meeting-etiquette';
import { createSendMeetingSummary } from '../../activities/meeting-summary';

/** Client-facing mail as the client's mail program shows it: headers and text of the one `.eml` written. */
function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'client-mail-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function outboxMailer() {
  return new OutboxMailer({ dir: path.join(dir, 'outbox'), from: 'Sales <sales@example.com>' });
}

async function onlyMail(): Promise<ParsedMail> {
  const folder = path.join(dir, 'outbox');
  const files = (await readdir(folder)).filter((file) => file.endsWith('.eml'));
  expect(files).toHaveLength(1);
  return simpleParser(await readFile(path.join(folder, files[0])));
}

const noShowRequest = {
  idempotencyKey: 'lead-jimmy@hedera.example.edu/call-1/no-show',
  clientName: 'Jimmy',
  clientEmail: 'jimmy@hedera.example.edu',
  ownerEmail: 'sam@example.com',
  ownerName: 'Sam',
  meetingTitle: 'Intro call',
  startsAt: '2026-12-10T14:00:00Z',
  slots: ['2026-12-11T14:00:00Z', '2026-12-14T09:00:00Z'],
};

describe('the no-show email', () => {
  test('copies help+<label>@ like all client mail, and the owner', async () => {
    const { sendNoShowMessage } = createMeetingEtiquetteActivities({
      mailer: outboxMailer(),
      companyDomain: 'example.com',
    });
    await sendNoShowMessage({ ...noShowRequest, mailingListLabel: 'hedera' });
    const mail = await onlyMail();
    expect(addresses(mail.to)).toEqual(['jimmy@hedera.example.edu']);
    expect(addresses(mail.cc)).toEqual(['help+hedera@example.com', 'sam@example.com']);
  });

  test('a meeting booked before the label was passed still reaches the client, copying the owner', async () => {
    const { sendNoShowMessage } = createMeetingEtiquetteActivities({
      mailer: outboxMailer(),
      companyDomain: 'example.com',
    });
    await sendNoShowMessage(noShowRequest);
    const mail = await onlyMail();
    expect(addresses(mail.to)).toEqual(['jimmy@hedera.example.edu']);
    expect(addresses(mail.cc)).toEqual(['sam@example.com']);
  });
});

describe('the meeting summary', () => {
  test('replies go to the person who held the meeting, not the generic sender', async () => {
    const sendMeetingSummary = createSendMeetingSummary({ mailer: outboxMailer(), companyDomain: 'example.com' });
    await sendMeetingSummary({
      idempotencyKey: 'lead-jimmy@hedera.example.edu/meeting-1/summary',
      clientEmail: 'jimmy@hedera.example.edu',
      clientName: 'Jimmy',
      organisation: 'Hedera University',
      mailingListLabel: 'hedera',
      sender: 'sam@example.com',
      senderName: 'Sam',
      meetingTitle: 'Intro call',
      meetingDate: '2026-12-03',
      discussed: ['SSO'],
      nextSteps: ['Send the requirements'],
    });
    const mail = await onlyMail();
    expect(addresses(mail.from)).toEqual(['sales@example.com']);
    expect(addresses(mail.replyTo ? [mail.replyTo] : undefined)).toEqual(['sam@example.com']);
  });
});

describe('the invoice email', () => {
  async function sendDrafted(period: string, invoiceId: string): Promise<ParsedMail> {
    const invoicing = new LocalInvoicing(path.join(dir, 'invoices'));
    const { draftInvoice, sendInvoice } = createBillingActivities({
      mailer: outboxMailer(),
      companyDomain: 'example.com',
      invoicing,
      workLogs: new JsonLinesWorkLogs(path.join(dir, 'worklogs.jsonl')),
    });
    await draftInvoice({
      invoiceId,
      client: 'hedera',
      organisation: 'Hedera University',
      period,
      lines: [{ label: 'Fixed-price project', hours: 332 }],
      totalHours: 332,
      overBudgetByHours: 0,
    });
    await sendInvoice({
      idempotencyKey: `lead-jimmy@hedera.example.edu/${invoiceId}/send`,
      invoiceId,
      period,
      clientEmail: 'jimmy@hedera.example.edu',
      clientName: 'Jimmy',
      organisation: 'Hedera University',
      mailingListLabel: 'hedera',
    });
    return onlyMail();
  }

  test('does not show the internal review status', async () => {
    const mail = await sendDrafted('2026-11', 'INV-hedera-2026-11-abc');
    expect(mail.text).toMatch(/Total +332\.00 h/);
    expect(mail.text).not.toMatch(/status|awaiting review|drafted/i);
    expect(mail.html).not.toMatch(/awaiting review/i);
    expect(mail.subject).toBe('Invoice for November 2026: Hedera University');
  });

  test("the fixed-price project's last invoice reads as the project's final invoice, not a period called final", async () => {
    const mail = await sendDrafted('final', 'INV-hedera-final-abc');
    expect(mail.subject).toBe('Final invoice for the project: Hedera University');
    expect(mail.text).toContain("Here is the final invoice for Hedera University's project");
    expect(mail.text).toContain('Final invoice for the project');
    expect(mail.text).not.toMatch(/for final|Period: final/);
    // The reviewer's copy still says where the review stands.
    expect(await readFile(path.join(dir, 'invoices', 'INV-hedera-final-abc.txt'), 'utf8')).toContain('Status: sent');
  });
});
