/**
 * INPUT_BOUNDS_REVISION: limits on what people may send, checked after the shape is valid. The schemas alone accepted a
 * 300-character email, a 5,000-character label, a meeting held in the year 9999, a gate envelope with extra fields
 * and a proposal link with any scheme; each of those is now refused by field, before anything changes.
 */
import { z } from 'zod';
import { DAY_MS } from '../rules/durations';
import { fieldIssues, InvalidInputError, type FieldIssue } from '../rules/validation';

/** RFC 5321: a forward path holds at most 254 characters of address. */
export const MAX_EMAIL_LENGTH = 254;
/** `help+<label>@` is a mailbox's local part, which RFC 5321 caps at 64 characters. */
export const MAX_LABEL_LENGTH = 64 - 'help+'.length;
export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_LINK_LENGTH = 2_048;
/** A meeting is reported after it was held: a day ahead allows for time zones, a year back for late paperwork. */
const HELD_AT_LEEWAY_MS = DAY_MS;
const HELD_AT_OLDEST_MS = 366 * DAY_MS;

const tooLong = (max: number) => `must be at most ${max} characters`;
const atMost = (max: number) => z.string().max(max, tooLong(max));
const email = atMost(MAX_EMAIL_LENGTH);
const webLink = atMost(MAX_LINK_LENGTH).refine((link) => /^https?:\/\//i.test(link), {
  message: 'must be a web link (http:// or https://)',
});

const leadBounds = z.looseObject({
  name: atMost(MAX_NAME_LENGTH),
  organisation: atMost(MAX_NAME_LENGTH),
  email,
  mailingListLabel: atMost(MAX_LABEL_LENGTH),
  notes: atMost(MAX_TEXT_LENGTH),
  owner: email.optional(),
});

const gateEnvelopeBounds = z.object({ stage: z.unknown(), by: email, evidence: z.unknown() }).strict();

/** The evidence fields that are links or addresses; every other text is bounded as text. */
const evidenceBounds = z.looseObject({
  blueprintUrl: webLink.optional(),
  proposalUrl: webLink.optional(),
  discoveryDeveloper: email.optional(),
});

const meetingBounds = z.looseObject({
  title: atMost(MAX_NAME_LENGTH),
  by: email,
  senderName: atMost(MAX_NAME_LENGTH).optional(),
  epicOwner: email.optional(),
  discussed: z.array(atMost(MAX_TEXT_LENGTH)).max(50, 'must list at most 50 points'),
  nextSteps: z.array(atMost(MAX_TEXT_LENGTH)).max(50, 'must list at most 50 steps'),
  issueUrl: atMost(MAX_LINK_LENGTH).optional(),
  recording: atMost(MAX_LINK_LENGTH).optional(),
});

const followUpBounds = z.looseObject({ reason: atMost(MAX_TEXT_LENGTH), owner: email.optional() });

/** `under` names where the input sits in a larger request: evidence's fields read `evidence.<field>`. */
function check(
  schema: z.ZodType,
  input: unknown,
  what: { root: string; prefix: string; under?: string },
  extra: FieldIssue[] = [],
): void {
  const result = schema.safeParse(input);
  const named = result.success ? [] : fieldIssues(result.error, what.root);
  const issues = [
    ...named.map((issue) => (what.under ? { ...issue, field: `${what.under}.${issue.field}` } : issue)),
    ...extra,
  ];
  if (issues.length > 0) throw new InvalidInputError(what.prefix, issues);
}

export function checkLeadBounds(lead: unknown): void {
  check(leadBounds, lead, { root: 'lead', prefix: 'Invalid lead' });
}

/** Before the evidence is read: an envelope field nobody reads is a mistake the sender should hear about. */
export function checkGateEnvelopeBounds(request: unknown): void {
  check(gateEnvelopeBounds, request, { root: 'gate request', prefix: 'Invalid gate request' });
}

export function checkGateEvidenceBounds(evidence: unknown): void {
  const longTexts = longTextIssues(evidence, 'evidence');
  check(evidenceBounds, evidence, { root: '', prefix: 'Invalid gate evidence', under: 'evidence' }, longTexts);
}

export function checkMeetingBounds(meeting: { heldAt?: string; [field: string]: unknown }, now: Date): void {
  const heldAtIssues: FieldIssue[] = [];
  if (meeting.heldAt !== undefined) {
    const heldAt = Date.parse(meeting.heldAt);
    if (heldAt > now.getTime() + HELD_AT_LEEWAY_MS) {
      heldAtIssues.push({ field: 'heldAt', message: 'must not be in the future: report a meeting once it is held' });
    } else if (heldAt < now.getTime() - HELD_AT_OLDEST_MS) {
      heldAtIssues.push({ field: 'heldAt', message: 'must be within the last year' });
    }
  }
  check(meetingBounds, meeting, { root: 'meeting', prefix: 'Invalid meeting report' }, heldAtIssues);
}

export function checkFollowUpBounds(followUp: unknown): void {
  check(followUpBounds, followUp, { root: 'follow-up', prefix: 'Invalid follow-up' });
}

/** Every text anywhere in `value`, named by its path: evidence is nested (pricing, maintenance, scores). */
function longTextIssues(value: unknown, path: string): FieldIssue[] {
  if (typeof value === 'string') {
    return value.length > MAX_TEXT_LENGTH ? [{ field: path, message: tooLong(MAX_TEXT_LENGTH) }] : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, nested]) => longTextIssues(nested, `${path}.${key}`));
}
