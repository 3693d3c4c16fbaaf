import {
  checkFollowUpBounds,
  checkGateEnvelopeBounds,
  checkGateEvidenceBounds,
  checkLeadBounds,
  checkMeetingBounds,
  MAX_EMAIL_LENGTH,
  MAX_LABEL_LENGTH,
} from '../../workflows/input-bounds';
import { rejectionOf } from './rejection';

const lead = {
  name: 'Jimmy Hedera',
  organisation: 'Hedera University',
  email: 'jimmy@hedera.example.edu',
  mailingListLabel: 'hedera',
  notes: '',
};
const now = new Date('2026-12-03T12:00:00Z');
const meeting = { title: 'Intro call', by: 'bizdev@example.com', discussed: [], nextSteps: ['Send the blueprint'] };
const longEmail = `${'a'.repeat(MAX_EMAIL_LENGTH - '@example.com'.length + 1)}@example.com`;

describe('a lead', () => {
  test('at every limit is accepted', () => {
    expect(() =>
      checkLeadBounds({
        ...lead,
        email: `${'a'.repeat(MAX_EMAIL_LENGTH - '@example.com'.length)}@example.com`,
        mailingListLabel: 'h'.repeat(MAX_LABEL_LENGTH),
      }),
    ).not.toThrow();
  });

  test.each([
    ['a 255-character email', { email: longEmail }, 'email: must be at most 254 characters'],
    ['a label whose help+ address passes 64 characters', { mailingListLabel: 'h'.repeat(60) }, 'mailingListLabel'],
    ['a 5,000-character label', { mailingListLabel: 'h'.repeat(5_000) }, 'mailingListLabel: must be at most 59'],
    ['a 201-character name', { name: 'n'.repeat(201) }, 'name: must be at most 200 characters'],
    ['notes past 10,000 characters', { notes: 'n'.repeat(10_001) }, 'notes: must be at most 10000 characters'],
    ['a 300-character owner', { owner: longEmail }, 'owner: must be at most 254 characters'],
  ])('with %s is refused, naming the field', (_what, change, message) => {
    expect(rejectionOf(() => checkLeadBounds({ ...lead, ...change })).message).toContain(message);
  });
});

describe('a gate request', () => {
  test('with a field beyond stage, by and evidence names it', () => {
    const error = rejectionOf(() => checkGateEnvelopeBounds({ stage: 'proposal', by: 'a@b.co', evidence: {}, x: 1 }));
    expect(error.issues).toEqual([{ field: 'x', message: 'is not a known field' }]);
  });

  test.each([
    ['ftp', 'ftp://files.example.com/proposal.pdf', 'evidence.proposalUrl: must be a web link'],
    ['a script', 'javascript:alert(1)', 'evidence.proposalUrl: must be a web link'],
    [
      'a 2,069-character link',
      `https://example.com/${'p'.repeat(2_048)}`,
      'evidence.proposalUrl: must be at most 2048',
    ],
  ])('with the proposal at %s is refused', (_what, proposalUrl, message) => {
    expect(rejectionOf(() => checkGateEvidenceBounds({ proposalUrl, pricing: {} })).message).toContain(message);
  });

  test('with a long text anywhere in its evidence names its path', () => {
    const error = rejectionOf(() => checkGateEvidenceBounds({ pricing: { note: 'x'.repeat(10_001) } }));
    expect(error.issues).toEqual([{ field: 'evidence.pricing.note', message: 'must be at most 10000 characters' }]);
  });

  test('with https links and short texts is accepted', () => {
    expect(() =>
      checkGateEvidenceBounds({ blueprintUrl: 'https://docs.example.com/b', discoveryDeveloper: 'dev@example.com' }),
    ).not.toThrow();
  });
});

describe('a meeting report', () => {
  test.each([
    ['an hour ago', '2026-12-03T11:00:00Z'],
    ['later today in another zone', '2026-12-03T20:00:00-05:00'],
    ['eleven months ago', '2026-01-05T09:00:00Z'],
  ])('held %s is accepted', (_when, heldAt) => {
    expect(() => checkMeetingBounds({ ...meeting, heldAt }, now)).not.toThrow();
  });

  test.each([
    ['in the year 9999', '9999-01-01T00:00:00Z', 'heldAt: must not be in the future'],
    ['two days from now', '2026-12-05T12:00:01Z', 'heldAt: must not be in the future'],
    ['two years ago', '2024-12-01T09:00:00Z', 'heldAt: must be within the last year'],
  ])('held %s is refused', (_when, heldAt, message) => {
    expect(rejectionOf(() => checkMeetingBounds({ ...meeting, heldAt }, now)).message).toContain(message);
  });

  test('with 51 next steps is refused', () => {
    const nextSteps = Array.from({ length: 51 }, (_, index) => `step ${index}`);
    expect(rejectionOf(() => checkMeetingBounds({ ...meeting, nextSteps }, now)).message).toContain(
      'nextSteps: must list at most 50 steps',
    );
  });
});

test('a follow-up reason past 10,000 characters is refused', () => {
  expect(rejectionOf(() => checkFollowUpBounds({ reason: 'r'.repeat(10_001) })).message).toContain(
    'reason: must be at most 10000 characters',
  );
});
