/** Turning what was typed into requests: option parsers, JSON arguments, files relative to the caller. */
import { InvalidArgumentError } from 'commander';
import path from 'node:path';
import { InvalidInputError, type FieldIssue } from '../../rules/invalid-input';

/** For options given once per value: `--next-step a --next-step b`. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--in-days abc` is named as the option the user typed, not passed on as NaN (which JSON turns into null). */
export function days(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('must be a number of days greater than 0, e.g. 7');
  }
  return parsed;
}

/**
 * The folder the user typed the command in. `npm run cli` runs the CLI from the project's root and keeps the
 * caller's folder in INIT_CWD: without it, `--recording ./intro.mp4` would be looked for in the wrong place.
 */
export function callerDirectory(env: NodeJS.ProcessEnv): string {
  return env.INIT_CWD?.trim() ? env.INIT_CWD : process.cwd();
}

/** A path as the caller meant it: relative to where they typed the command. */
export function fromCaller(env: NodeJS.ProcessEnv, file: string): string {
  return path.resolve(callerDirectory(env), file);
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(`Invalid ${what}`, [
      { field: what, message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` },
    ]);
  }
}

/** The same rejection, its fields renamed (`mailingListLabel` to `--label`, or to the CSV column `label`). */
export function renameFields(error: unknown, names: Record<string, string>): unknown {
  if (!(error instanceof InvalidInputError)) return error;
  // Own names only: an unknown field called `__proto__` or `constructor` is named as itself, not as Object's.
  const issues: FieldIssue[] = error.issues.map((issue) => ({
    ...issue,
    field: Object.hasOwn(names, issue.field) ? names[issue.field] : issue.field,
  }));
  const prefix = error.message.slice(0, error.message.indexOf(':'));
  return new InvalidInputError(prefix || 'Invalid lead', issues);
}
