/**
 * The error every bad input ends in, apart from the schemas that find it: the CLI's `status` reports one without
 * loading zod (client/commands/output.ts).
 */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * Rejected input, naming every bad field at once so the person fixing it does not have to resubmit field by field.
 * The `issues` survive serialisation as data, so callers need not parse the message.
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  readonly issues: FieldIssue[];

  constructor(prefix: string, issues: FieldIssue[]) {
    super(readableMessage(prefix, issues));
    this.issues = issues;
  }
}

/** Issues named in the message; the rest are counted. `issues` keeps them all. */
const MAX_ISSUES_IN_MESSAGE = 20;

/**
 * Messages quote what was sent (a field's name, an id that was not found), and the SDK scans a failure's stack, which
 * starts with the message, with patterns that begin `\s+at `: a quoted run of 40,000 spaces took them over the
 * workflow's 5-second deadline, failed the workflow task, and wedged the lead. So each quote is one line, with runs of
 * white space folded to one space and its length bounded, and the message names at most 20 issues.
 */
function readableMessage(prefix: string, issues: FieldIssue[]): string {
  const named = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => `${quoted(issue.field, 200)}: ${quoted(issue.message, 500)}`);
  const more = issues.length - named.length;
  return `${prefix}: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

function quoted(text: string, maxLength: number): string {
  const folded = text.replace(/\s+/g, ' ');
  return folded.length <= maxLength ? folded : `${folded.slice(0, maxLength - 1)}…`;
}
