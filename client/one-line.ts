import { InvalidInputError, type FieldIssue } from '../rules/validation';

/** What a line break means in a header: the end of it, and the start of whatever header the sender wrote next. */
const LINE_BREAK = /[\r\n]/;

export const ONE_LINE_MESSAGE =
  'must be one line: names and titles go into email headers, where a line break starts a new header';

/**
 * Names and titles end up in email subjects and signatures. The templates fold a line break into a space, but a
 * request that carries one is more likely an attack (`Intro\r\nBcc: ...`) or a paste gone wrong than a title, so it
 * is refused here, naming the field, before anything reaches the workflow. Checked in the client helpers that the CLI
 * and the intake share, not in the workflow's schemas: a lead already running may hold such a title in its history,
 * and its replay must keep accepting it.
 */
export function requireOneLine(request: unknown, fields: readonly string[], what: string): void {
  const issues = lineBreakIssues(request, fields);
  if (issues.length > 0) throw new InvalidInputError(`Invalid ${what}`, issues);
}

/** Parses with `parse`, and names line breaks together with whatever else it refuses: every bad field at once. */
export function parseOneLine<T>(parse: () => T, request: unknown, fields: readonly string[], what: string): T {
  const lineBreaks = lineBreakIssues(request, fields);
  let parsed: T;
  try {
    parsed = parse();
  } catch (error) {
    if (!(error instanceof InvalidInputError) || lineBreaks.length === 0) throw error;
    const prefix = error.message.slice(0, error.message.indexOf(':'));
    throw new InvalidInputError(prefix || `Invalid ${what}`, [...error.issues, ...lineBreaks]);
  }
  if (lineBreaks.length > 0) throw new InvalidInputError(`Invalid ${what}`, lineBreaks);
  return parsed;
}

function lineBreakIssues(request: unknown, fields: readonly string[]): FieldIssue[] {
  if (typeof request !== 'object' || request === null) return [];
  return fields
    .filter((field) => {
      const value = (request as Record<string, unknown>)[field];
      return typeof value === 'string' && LINE_BREAK.test(value.trim());
    })
    .map((field) => ({ field, message: ONE_LINE_MESSAGE }));
}
