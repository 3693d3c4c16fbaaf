import { z } from 'zod';
import { InvalidInputError, type FieldIssue } from './invalid-input';

export { InvalidInputError, type FieldIssue } from './invalid-input';

export const UNKNOWN_FIELD_MESSAGE = 'is not a known field';

function fieldName(path: readonly PropertyKey[], root: string): string {
  return path.length === 0 ? root : path.map(String).join('.');
}

/** Zod reports unknown keys as one issue on the parent object; splitting them lets each unknown field be named. */
export function fieldIssues(error: z.ZodError, root: string): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldName([...issue.path, key], root), message: UNKNOWN_FIELD_MESSAGE }))
      : [{ field: fieldName(issue.path, root), message: issue.message }],
  );
}

/** `what` names the input for people ('lead', 'rubric scores'): the message reads `Invalid <what>: ...`. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidInputError(`Invalid ${what}`, fieldIssues(result.error, what));
}

/** Text a person must fill in: a missing field reads "is required", not zod's type jargon. */
export function requiredText() {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'is required');
}

/** A yes/no flag: anything but true or false is named, with what it should be. */
export function yesNo(meaning: string) {
  return z.boolean({ error: `must be true or false: ${meaning}` });
}

/**
 * Zod's own patterns, copied for each schema: the worker shares the workflow modules between runs and freezes what
 * zod exports (SHARED_WORKFLOW_MODULES, worker/create-worker.ts), and zod resets a pattern's `lastIndex` before every
 * check, which a frozen pattern refuses.
 */
function ownCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags);
}

/** An email address, as `z.email` checks one. */
export function emailAddress(message: string) {
  return z.email({ message, pattern: ownCopy(z.regexes.email) });
}

/** A calendar date as YYYY-MM-DD, as `z.iso.date` checks one. */
export function calendarDate(message: string) {
  return z.string({ message }).regex(ownCopy(z.regexes.date), { message });
}
