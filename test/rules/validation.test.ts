import { z } from 'zod';
import { InvalidInputError, parseInput, UNKNOWN_FIELD_MESSAGE } from '../../rules/validation';
import { rejectionOf } from './rejection';

const contactSchema = z.strictObject({
  email: z.email({ message: 'must be a valid email address' }),
  score: z.strictObject({ prestige: z.literal([0, 1, 2], { error: 'must be 0, 1 or 2' }) }),
  tags: z.array(z.string({ error: 'must be text' })).default([]),
});

function contactRejection(input: unknown, what = 'lead'): InvalidInputError {
  return rejectionOf(() => parseInput(contactSchema, input, what));
}

describe('parseInput', () => {
  test('returns the parsed value, with the schema defaults applied', () => {
    expect(parseInput(contactSchema, { email: 'ada@example.org', score: { prestige: 2 } }, 'lead')).toEqual({
      email: 'ada@example.org',
      score: { prestige: 2 },
      tags: [],
    });
  });

  test('names every bad field in one error, prefixed with the kind of input', () => {
    const error = contactRejection({ email: 'nope', score: { prestige: 3 } });
    expect(error.message).toBe('Invalid lead: email: must be a valid email address; score.prestige: must be 0, 1 or 2');
    expect(error.issues).toEqual([
      { field: 'email', message: 'must be a valid email address' },
      { field: 'score.prestige', message: 'must be 0, 1 or 2' },
    ]);
  });

  test.each([
    ['a nested field', { email: 'a@b.co', score: { prestige: -1 } }, 'score.prestige'],
    ['an array element, by index', { email: 'a@b.co', score: { prestige: 0 }, tags: ['ok', 7] }, 'tags.1'],
    ['the input itself, by the name the caller gave it', 'not an object', 'lead'],
    ['a null input, by the name the caller gave it', null, 'lead'],
  ])('an issue in %s is reported under its dotted path', (_where, input, field) => {
    expect(contactRejection(input).issues.map((issue) => issue.field)).toEqual([field]);
  });

  test.each([
    ['one unknown top-level key', { email: 'a@b.co', score: { prestige: 0 }, colour: 'red' }, ['colour']],
    [
      'two unknown keys, each named',
      { email: 'a@b.co', score: { prestige: 0 }, colour: 'red', size: 2 },
      ['colour', 'size'],
    ],
    ['an unknown nested key', { email: 'a@b.co', score: { prestige: 0, fame: 1 } }, ['score.fame']],
  ])('%s is rejected and named', (_case, input, fields) => {
    expect(contactRejection(input).issues).toEqual(fields.map((field) => ({ field, message: UNKNOWN_FIELD_MESSAGE })));
  });

  test('the error is an Error named InvalidInputError, so it reads right in logs and failure types', () => {
    const error = contactRejection({});
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidInputError');
    expect(error.message.startsWith('Invalid lead: ')).toBe(true);
  });

  test('the root field is named after what the caller is parsing', () => {
    expect(contactRejection(42, 'rubric scores').message).toMatch(/^Invalid rubric scores: rubric scores: /);
  });
});

describe('InvalidInputError', () => {
  test.each([
    ['one issue', [{ field: 'stage', message: 'gate out of order' }], 'Gate rejected: stage: gate out of order'],
    [
      'several issues, separated by semicolons',
      [
        { field: 'a', message: 'is required' },
        { field: 'b.c', message: 'cannot be negative' },
      ],
      'Gate rejected: a: is required; b.c: cannot be negative',
    ],
  ])('with %s builds its message from the prefix and each field', (_case, issues, message) => {
    const error = new InvalidInputError('Gate rejected', issues);
    expect(error.message).toBe(message);
    expect(error.issues).toEqual(issues);
  });

  test('quotes what was sent on one line, white space folded and cut at 200 characters a field', () => {
    const error = new InvalidInputError('Follow-up not closed', [
      { field: `evidence.${' '.repeat(40_000)}x`, message: `no open follow-up '${'\t\r\n '.repeat(10_000)}'` },
      { field: 'k'.repeat(5_000), message: 'is not a known field' },
    ]);
    expect(error.message).toBe(
      `Follow-up not closed: evidence. x: no open follow-up ' '; ${'k'.repeat(199)}…: is not a known field`,
    );
    expect(error.issues[1].field).toHaveLength(5_000);
  });

  test('names at most 20 issues in its message and counts the rest; `issues` keeps them all', () => {
    const issues = Array.from({ length: 25 }, (_, index) => ({ field: `f${index}`, message: 'is not a known field' }));
    const error = new InvalidInputError('Invalid lead', issues);
    expect(error.message).toMatch(/f19: is not a known field; and 5 more$/);
    expect(error.message).not.toContain('f20');
    expect(error.issues).toHaveLength(25);
  });
});
