// Pure functions only (no Node built-ins): workflow code may render messages itself, deterministically.
export { clientCc, messageIdFor } from './addressing';
export type { ClientCcInput } from './addressing';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface MeetingSummaryInput {
  clientName: string;
  organisation: string;
  meetingTitle: string;
  /** ISO date (`2026-01-05`), shown as "Monday 5 January 2026"; any other text is shown as given. */
  meetingDate: string;
  discussed: string[];
  nextSteps: string[];
  senderName: string;
  /** Handbook 004: "Have we provided a link to that issue for the customer to remind everyone of the plan". */
  issueUrl?: string;
}

export interface FollowUpReminderInput {
  ownerName?: string;
  leadName: string;
  organisation: string;
  stage: string;
  dueDate: string;
}

export interface DiscoveryAssignmentInput {
  assignee: string;
  leadName: string;
  organisation: string;
  dueDate: string;
  /** Set when no one on Discovery Duty was free and the discovery was scheduled into a later sprint. */
  sprintStart?: string;
}

export interface StrategyTaskInput {
  owner: string;
  clientName: string;
  taskUrl: string;
  timeboxHours: number;
}

export interface IdleLeadWarningInput {
  ownerName?: string;
  leadName: string;
  organisation: string;
  stage: string;
  idleDays: number;
  /** ISO date of the last recorded activity, when known. */
  lastActivity?: string;
}

export interface NoShowInput {
  clientName: string;
  meetingTitle: string;
  meetingDate?: string;
  /** Two or three proposed times, already formatted for the client (with time zone). */
  slots: string[];
  senderName: string;
}

export interface FirstContactGreetingInput {
  kind: 'hosting-quote' | 'pt-plan';
  clientName: string;
  organisation: string;
  /** The owner's own line, put right after the hello. */
  note?: string;
  senderName: string;
}

/**
 * A new lead's first contact (002, Prospect Qualification): thanks, and the standard hosting/support quote; or, for a
 * lead the rubric scores Low, the P&T plan they can set up on their own, starting with its trial (002).
 */
export function firstContactGreeting(input: FirstContactGreetingInput): RenderedEmail {
  const personal = input.note?.trim() ? [paragraph(input.note.trim())] : [];
  if (input.kind === 'pt-plan') {
    return render(`Getting started with Open edX: the P&T plan for ${input.organisation}`, [
      paragraph(`Hi ${input.clientName},`),
      paragraph('Thank you for getting in touch with us!'),
      ...personal,
      paragraph(
        'For what you describe, our Pro & Teacher (P&T) plan is the best fit: a hosted Open edX instance at a fixed ' +
          'monthly price, which you can set up yourself in a few minutes, without waiting for our team.',
      ),
      list([
        'Start with the free trial to try the platform with your own courses and learners.',
        'Keep it running on the monthly plan when it suits you: no setup fee and no contract.',
      ]),
      paragraph('If you have a question along the way, just reply to this email.'),
      signOff(input.senderName),
    ]);
  }
  return render(`Thank you for contacting us: hosting and support for ${input.organisation}`, [
    paragraph(`Hi ${input.clientName},`),
    paragraph('Thank you for getting in touch with us, and for your interest in working together!'),
    ...personal,
    paragraph('Here is our standard quote for hosting and supporting an Open edX platform for your institution:'),
    list([
      'Institutional hosting plan: your instance on our infrastructure, at a fixed monthly price.',
      'Maintenance: a fixed monthly fee, set from the size of your deployment, covering upgrades, security fixes and monitoring.',
      'Support and development: billed at our blended hourly rate, as a set monthly budget of hours you can adapt over time.',
    ]),
    paragraph(
      'To tailor this to your needs, we would love to hear more about your project: what you would like to ' +
        'achieve, for how many learners, and by when. Reply to this email and we will set up a short call.',
    ),
    signOff(input.senderName),
  ]);
}

/** Sent to the client right after a meeting: what we covered and what happens next (handbook, "Meeting agenda"). */
export function meetingSummary(input: MeetingSummaryInput): RenderedEmail {
  const blocks: Block[] = [
    paragraph(`Hi ${input.clientName},`),
    paragraph(
      `Thank you for meeting with us on ${displayDate(input.meetingDate)}. As promised, here is a short summary of ` +
        `what we went over and what happens next, so that everyone at ${input.organisation} has the same picture.`,
    ),
  ];
  if (input.discussed.length > 0) blocks.push(heading('What we discussed'), list(input.discussed));
  blocks.push(heading('Next steps'));
  blocks.push(
    input.nextSteps.length > 0
      ? list(input.nextSteps, true)
      : paragraph('We will get back to you shortly with the next steps.'),
  );
  if (input.issueUrl) blocks.push(link("Here's a link to the issue we discussed on today's call", input.issueUrl));
  blocks.push(
    paragraph(
      "If anything here doesn't match your understanding, just reply to this email: everyone on copy will see it.",
    ),
    signOff(input.senderName),
  );
  return render(`Summary and next steps: ${input.meetingTitle}`, blocks);
}

/** Sent to the lead's owner when the follow-up due date set after the meeting arrives. */
export function followUpReminder(input: FollowUpReminderInput): RenderedEmail {
  return render(`Reminder: follow up with ${input.leadName} (${input.organisation}) by ${displayDate(input.dueDate)}`, [
    paragraph(greeting(input.ownerName)),
    paragraph(
      `It is time to follow up with ${input.leadName} at ${input.organisation}. The lead is at the ` +
        `"${input.stage}" stage and the follow-up is due on ${displayDate(input.dueDate)}.`,
    ),
    list([
      'Check whether they replied to the meeting summary, and answer any open questions.',
      'Add an update to the lead in the CRM with what you learn, and update its prioritisation.',
      'Set a new due date on the lead if it needs more time.',
    ]),
    automatedNote(),
  ]);
}

/** Sent to whoever takes a discovery: the person on Discovery Duty, or a task scheduled in the next sprint. */
export function discoveryAssignment(input: DiscoveryAssignmentInput): RenderedEmail {
  const when = input.sprintStart
    ? `It is scheduled for the sprint starting ${displayDate(input.sprintStart)}`
    : 'You are on Discovery Duty, so please pick it up now';
  return render(`Discovery assigned to you: ${input.organisation}`, [
    paragraph(greeting(input.assignee)),
    paragraph(
      `You have been assigned the discovery for ${input.leadName} at ${input.organisation}. ${when}, ` +
        `and deliver the discovery document and estimates by ${displayDate(input.dueDate)}.`,
    ),
    list([
      "Read the lead's CRM entry and the meeting summary for context.",
      'Log your time to the discovery task: the client has agreed to pay for it.',
      'Share the discovery document and the estimates spreadsheet with the Business Development Specialist, ' +
        'who turns them into the proposal.',
    ]),
    automatedNote(),
  ]);
}

/** Sent to a client owner when the quarterly, timeboxed client strategy task is scheduled. */
export function strategyTask(input: StrategyTaskInput): RenderedEmail {
  const hours = `${input.timeboxHours} hour${input.timeboxHours === 1 ? '' : 's'}`;
  return render(`Client strategy review: ${input.clientName} (${input.timeboxHours}h timebox)`, [
    paragraph(greeting(input.owner)),
    paragraph(`A client strategy task for ${input.clientName} has been scheduled for you, timeboxed to ${hours}.`),
    link('Task', input.taskUrl),
    heading('During the review'),
    list([
      'Review the client briefing, the current epics and the value proposition, looking for patterns.',
      'If you see an opportunity for a new project, propose a few hours of discovery to the client; ' +
        'if they accept, schedule it with someone on Discovery Duty.',
      'Update the client briefing and the value proposition if they have not been updated in a while.',
    ]),
    automatedNote(),
  ]);
}

/** Sent to the lead's owner when a lead has had no recorded activity for too long. */
export function idleLeadWarning(input: IdleLeadWarningInput): RenderedEmail {
  const since = input.lastActivity ? ` (last activity on ${displayDate(input.lastActivity)})` : '';
  return render(`${input.leadName} (${input.organisation}) has had no activity for ${input.idleDays} days`, [
    paragraph(greeting(input.ownerName)),
    paragraph(
      `The lead ${input.leadName} at ${input.organisation} is at the "${input.stage}" stage and has had no ` +
        `recorded activity for ${input.idleDays} days${since}.`,
    ),
    paragraph(
      'Please either follow up with them, or update the lead in the CRM (a new due date, or close it) ' +
        'so that it does not silently go stale.',
    ),
    automatedNote(),
  ]);
}

/** Sent to a client who missed a meeting: friendly, and offering two or three concrete times to reschedule. */
export function noShow(input: NoShowInput): RenderedEmail {
  if (input.slots.length < 2 || input.slots.length > 3) {
    throw new RangeError(`A no-show message offers 2 or 3 reschedule slots, got ${input.slots.length}`);
  }
  const on = input.meetingDate ? ` on ${displayDate(input.meetingDate)}` : '';
  return render(`Rescheduling our meeting: ${input.meetingTitle}`, [
    paragraph(`Hi ${input.clientName},`),
    paragraph(
      `We were sorry to miss you at our meeting${on}. No problem at all, these things happen. ` +
        'Would one of these times work for you instead?',
    ),
    list(input.slots, true),
    paragraph('Just reply with the option that suits you best, or suggest another time if none of these work.'),
    signOff(input.senderName),
  ]);
}

/** The five characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// --- rendering: one list of blocks gives both the plain-text and the HTML part, so they never drift apart ---

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: string[]; ordered: boolean }
  | { kind: 'link'; label: string; url: string };

function paragraph(text: string): Block {
  return { kind: 'paragraph', text };
}

function heading(text: string): Block {
  return { kind: 'heading', text };
}

function list(items: string[], ordered = false): Block {
  return { kind: 'list', items, ordered };
}

function link(label: string, url: string): Block {
  return { kind: 'link', label, url };
}

function greeting(name: string | undefined): string {
  return name?.trim() ? `Hi ${name.trim()},` : 'Hi,';
}

function signOff(senderName: string): Block {
  return paragraph(`Best regards,\n${senderName}`);
}

function automatedNote(): Block {
  return paragraph('(Sent automatically by the customer-lifecycle workflow.)');
}

function render(subject: string, blocks: Block[]): RenderedEmail {
  return {
    // A line break in a header would end it early (header injection): subjects are always one line.
    subject: subject.replace(/\s*[\r\n]+\s*/g, ' ').trim(),
    text: `${blocks.map(blockText).join('\n\n')}\n`,
    html:
      '<!DOCTYPE html>\n<html>\n<body style="font-family: Arial, Helvetica, sans-serif; line-height: 1.5">\n' +
      `${blocks.map(blockHtml).join('\n')}\n</body>\n</html>\n`,
  };
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return `${block.text}:`;
    case 'list':
      return block.items.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${item}`).join('\n');
    case 'link':
      return `${block.label}: ${block.url}`;
  }
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text).replace(/\n/g, '<br>\n')}</p>`;
    case 'heading':
      return `<p><strong>${escapeHtml(block.text)}</strong></p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>\n${block.items.map((item) => `  <li>${escapeHtml(item)}</li>`).join('\n')}\n</${tag}>`;
    }
    case 'link':
      // Only web and file links become clickable: a `javascript:` URL stays inert text.
      return /^(https?|file):\/\//i.test(block.url)
        ? `<p>${escapeHtml(block.label)}: <a href="${escapeHtml(block.url)}">${escapeHtml(block.url)}</a></p>`
        : `<p>${escapeHtml(block.label)}: ${escapeHtml(block.url)}</p>`;
  }
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `Monday 5 January 2026`: the comma en-GB puts after the weekday reads oddly mid-sentence. */
function longDay(date: Date): string {
  return longDate.format(date).replace(',', '');
}

/** `2026-01-05` → `Monday 5 January 2026`; anything else (already human-formatted) is shown unchanged. */
function displayDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? value : longDay(date);
}

/**
 * `2026-03-10T14:00:00Z` → `Tuesday 10 March 2026, 14:00 UTC`. We do not know the client's time zone, so the zone
 * is always spelled out rather than guessed.
 */
export function formatMeetingTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date-time: ${JSON.stringify(iso)}`);
  return `${longDay(date)}, ${date.toISOString().slice(11, 16)} UTC`;
}

export interface MeetingConfirmationReminderInput {
  ownerName?: string;
  clientName: string;
  clientEmail: string;
  meetingTitle: string;
  /** When the meeting starts, already formatted for the owner (with time zone). */
  when: string;
  meetingLink?: string;
}

/** Sent to a meeting's owner 48 hours ahead when the client has not accepted the invite yet (handbook etiquette). */
export function meetingConfirmationReminder(input: MeetingConfirmationReminderInput): RenderedEmail {
  const blocks: Block[] = [
    paragraph(greeting(input.ownerName)),
    paragraph(
      `${input.clientName} has not accepted the invite to "${input.meetingTitle}" yet, and the meeting is ` +
        `coming up: ${input.when}.`,
    ),
    list([
      `Confirm that ${input.clientName} will attend, through whichever channel reaches them: their assistant, ` +
        `email (${input.clientEmail}) or a shared Slack channel.`,
      input.meetingLink
        ? 'Test the meeting link below, so that it works when the meeting starts.'
        : 'Add a meeting link to the invite and test it: the invite has none yet.',
      'Attach the agenda documents to the invite, and check that everyone invited can open them.',
    ]),
  ];
  if (input.meetingLink) blocks.push(link('Meeting link', input.meetingLink));
  blocks.push(automatedNote());
  return render(`Confirm attendance: ${input.meetingTitle} with ${input.clientName}, ${input.when}`, blocks);
}

export interface MeetingChecksInput {
  ownerName?: string;
  clientName: string;
  clientEmail: string;
  meetingTitle: string;
  /** When the meeting starts, already formatted for the owner (with time zone). */
  when: string;
  inviteAccepted: boolean;
  meetingLink?: string;
  agendaUrl?: string;
}

/** What the owner still has to do, for the subject: empty when only the checks every meeting needs remain. */
export function missingBeforeMeeting(input: Pick<MeetingChecksInput, 'inviteAccepted' | 'meetingLink' | 'agendaUrl'>) {
  return [
    ...(input.inviteAccepted ? [] : ['invite not accepted']),
    ...(input.meetingLink ? [] : ['no meeting link']),
    ...(input.agendaUrl ? [] : ['no agenda']),
  ];
}

/**
 * Sent to a meeting's owner 48 hours before every meeting (handbook 004, "48 hours before a meeting"): whether the
 * client accepted, and the link and agenda checks. A link is tested even when there is one (L3: "to ensure that it
 * is working"); an agenda is attached "as appropriate to the situation", so a missing one is asked about, not an error.
 */
export function meetingChecks(input: MeetingChecksInput): RenderedEmail {
  const missing = missingBeforeMeeting(input);
  const checks = [
    input.inviteAccepted
      ? `${input.clientName} has accepted the invite: nothing to confirm.`
      : `${input.clientName} has not accepted the invite yet: confirm that they will attend, through whichever ` +
        `channel reaches them: their assistant, email (${input.clientEmail}) or a shared Slack channel.`,
    input.meetingLink
      ? `Test the meeting link, so that it works when the meeting starts: ${input.meetingLink}`
      : 'No meeting link: add one to the invite and test it.',
    input.agendaUrl
      ? `Check that the agenda documents are attached to the invite and that everyone invited can open them: ${input.agendaUrl}`
      : 'No agenda: attach the agenda documents to the invite if this meeting needs them, and check that ' +
        'everyone invited can open them.',
  ];
  return render(
    `Meeting checks: ${input.meetingTitle} with ${input.clientName}, ${input.when}` +
      (missing.length > 0 ? ` (${missing.join(', ')})` : ''),
    [
      paragraph(greeting(input.ownerName)),
      paragraph(`"${input.meetingTitle}" with ${input.clientName} is coming up: ${input.when}. Before it:`),
      list(checks),
      automatedNote(),
    ],
  );
}

export interface JoinEarlyNudgeInput {
  ownerName?: string;
  clientName: string;
  meetingTitle: string;
  /** When the meeting starts, already formatted (with time zone). */
  when: string;
  /** When to join by, `HH:MM UTC`. */
  joinBy: string;
  meetingLink?: string;
}

/** Sent to whoever attends for us, on the day, as the time to join comes (004: "Join meeting 2-3 minutes prior"). */
export function joinEarlyNudge(input: JoinEarlyNudgeInput): RenderedEmail {
  const blocks: Block[] = [
    paragraph(greeting(input.ownerName)),
    paragraph(
      `"${input.meetingTitle}" with ${input.clientName} starts at ${input.when}. Please join now, by ${input.joinBy}, ` +
        `so that you are there before ${input.clientName}: we join 2-3 minutes early.`,
    ),
  ];
  if (input.meetingLink) blocks.push(link('Meeting link', input.meetingLink));
  blocks.push(automatedNote());
  return render(`Join now: ${input.meetingTitle} with ${input.clientName} starts at ${input.when}`, blocks);
}

export interface RescheduleConfirmationInput {
  clientName: string;
  clientEmail: string;
  meetingTitle: string;
  /** The agreed new time, already formatted for the client (with time zone). */
  when: string;
  /** Who the client meets and can reach: the owner's name (or address) and address. */
  contactName: string;
  contactEmail: string;
}

/**
 * Sent to a client who picked one of the offered times (004, day of meeting L5-L6): the agreed date and time and the
 * contact details repeated back, so a wrong address or time is caught before the new invite goes out.
 */
export function rescheduleConfirmation(input: RescheduleConfirmationInput): RenderedEmail {
  return render(`Confirmed: ${input.meetingTitle}, ${input.when}`, [
    paragraph(`Hi ${input.clientName},`),
    paragraph(`Thank you for picking a new time. To confirm, we will meet for "${input.meetingTitle}" on:`),
    paragraph(input.when),
    list([
      `The invite will be sent to ${input.clientEmail}.`,
      `Your contact with us is ${input.contactName} (${input.contactEmail}).`,
    ]),
    paragraph(
      'If the time or either address is not right, or the invite does not reach you, just reply to this email.',
    ),
    signOff(input.contactName),
  ]);
}

export interface ReferralStatusRow {
  leadName: string;
  organisation: string;
  email: string;
  /** The handbook's label of where the lead stands, e.g. `Assess Needs`. */
  stage: string;
  /** ISO date or date-time of the lead's last move; absent when it could not be read. */
  lastUpdate?: string;
}

export interface ReferralStatusReportInput {
  recipientName?: string;
  /** ISO date (`2026-01-18`) the report is made on: the end of the sprint it covers. */
  sprintEnding: string;
  rows: ReferralStatusRow[];
}

/**
 * Sent to the Business Development Specialist every sprint (handbook, "Referrals from Axim"): where each lead Axim
 * referred stands, so their Salesforce entries can be brought up to date for Axim.
 */
export function referralStatusReport(input: ReferralStatusReportInput): RenderedEmail {
  const count = `${input.rows.length} lead${input.rows.length === 1 ? '' : 's'}`;
  const before = [
    paragraph(greeting(input.recipientName)),
    paragraph(
      input.rows.length > 0
        ? 'Below is where every lead referred to us by Axim (the Open edX marketing site) stands for the sprint ' +
            `ending ${displayDate(input.sprintEnding)}, ${count} in all. Please update their entries in Salesforce, ` +
            'so that Axim can judge how well their referrals work.'
        : 'No leads have been referred to us by Axim (the Open edX marketing site) so far, as of ' +
            `${displayDate(input.sprintEnding)}: there is nothing to update in Salesforce this sprint.`,
    ),
  ];
  const after = [automatedNote()];
  const table: string[][] = input.rows.map((row) => [
    row.leadName,
    row.email,
    row.organisation,
    row.stage,
    row.lastUpdate ? row.lastUpdate.slice(0, 10) : 'unknown',
  ]);
  const subject = `Axim referrals: ${count} to update in Salesforce, sprint ending ${displayDate(input.sprintEnding)}`;
  const email = render(subject, [...before, ...after]);
  if (table.length === 0) return email;
  // render() knows no tables; the table goes between the same blocks, from the same cells in both parts.
  const header = ['Lead', 'Email', 'Organisation', 'Stage', 'Last update'];
  const beforeHtml = before.map(blockHtml).join('\n');
  return {
    subject: email.subject,
    text: `${[...before.map(blockText), tableText(header, table), ...after.map(blockText)].join('\n\n')}\n`,
    // A replacer function, so a `$&` typed into a lead's name is not read as a replacement pattern.
    html: email.html.replace(beforeHtml, () => `${beforeHtml}\n${tableHtml(header, table)}`),
  };
}

/** A cell is one line, or the plain-text columns would fall apart. */
function cellText(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Columns padded to their widest cell: aligned in any monospaced mail reader, still readable in the others. */
function tableText(header: string[], rows: string[][]): string {
  const cells = [header, ...rows].map((row) => row.map(cellText));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), line(widths.map((width) => '-'.repeat(width))), ...cells.slice(1).map(line)].join('\n');
}

function tableHtml(header: string[], rows: string[][]): string {
  const style = 'border: 1px solid #ccc; padding: 4px 8px; text-align: left';
  const cells = (tag: 'th' | 'td', row: string[]) =>
    row.map((cell) => `<${tag} style="${style}">${escapeHtml(cellText(cell))}</${tag}>`).join('');
  return [
    '<table style="border-collapse: collapse">',
    `<thead><tr>${cells('th', header)}</tr></thead>`,
    '<tbody>',
    ...rows.map((row) => `<tr>${cells('td', row)}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

export interface SprintStatusInput {
  clientName: string;
  organisation: string;
  /** ISO dates of the sprint's first and last day. */
  sprintStart: string;
  sprintLastDay: string;
  sections: { heading: string; items: string[] }[];
  senderName: string;
}

/** Handbook 003: a sprint update as a simple bulleted list, for clients who do not live in our tracker. */
export function sprintStatus(input: SprintStatusInput): RenderedEmail {
  return render(`Sprint update: ${input.organisation}, ${input.sprintStart} to ${input.sprintLastDay}`, [
    paragraph(greeting(input.clientName)),
    paragraph(
      `Here is where the sprint from ${displayDate(input.sprintStart)} to ${displayDate(input.sprintLastDay)} stands.`,
    ),
    ...input.sections.flatMap((section) => [heading(section.heading), list(section.items)]),
    paragraph('Questions or changes of priority? Just reply to this email: everyone on copy will see it.'),
    signOff(input.senderName),
  ]);
}

export interface StagingHeadsUpInput {
  clientName: string;
  organisation: string;
  features: string[];
  stagingUrl: string;
  /** ISO date of the sprint review. */
  reviewOn: string;
  senderName: string;
}

/** Handbook 003: features ready on staging ahead of the review, so the review is spent on the client's feedback. */
export function stagingHeadsUp(input: StagingHeadsUpInput): RenderedEmail {
  const what = input.features.length === 1 ? input.features[0] : `${input.features.length} features`;
  return render(`Ready for you on staging: ${what}`, [
    paragraph(greeting(input.clientName)),
    paragraph(
      `These are ready for you to try on staging, ahead of the sprint review on ${displayDate(input.reviewOn)}. ` +
        'Take your time with them: the review can then be spent on your feedback.',
    ),
    list(input.features),
    link('Staging', input.stagingUrl),
    paragraph('Note anything you would change, or reply to this email: everyone on copy will see it.'),
    signOff(input.senderName),
  ]);
}
