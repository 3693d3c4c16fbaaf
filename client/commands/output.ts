/**
 * What every command prints and how it exits: readable text by default, JSON with `--json`, errors on standard
 * error, and exit codes a script can trust (EXIT_CODES).
 */
import { ActivityFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CommanderError } from 'commander';
import { InvalidInputError } from '../../rules/invalid-input';

export const EXIT_CODES = {
  ok: 0,
  /** The server could not be reached, or something unexpected failed. */
  failure: 1,
  /** Bad input: a malformed lead, a rejected gate, an unknown option. Nothing was changed. */
  invalid: 2,
  /** No workflow for that lead. */
  notFound: 3,
} as const;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

/** Ends a command with this exit code; the explanation, if any, goes to standard error. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    /** Printed on standard error; none when the command already said what went wrong. */
    readonly explanation?: string,
  ) {
    super(explanation ?? `exit ${code}`);
  }
}

/** One command's output: the same value as JSON for scripts, or as the sentence a person reads. */
export interface Output {
  print(text: string): void;
  /** `value` as JSON under `--json`, otherwise `readable()`. */
  result(value: unknown, readable: () => string): void;
  /** Progress and warnings: standard error, so `--json` output stays one document. */
  note(text: string): void;
  readonly json: boolean;
}

export function outputTo(io: CliIo, json: () => boolean): Output {
  const print = (text: string) => io.stdout(`${text}\n`);
  return {
    print,
    result: (value, readable) => print(json() ? JSON.stringify(value) : readable()),
    note: (text) => io.stderr(`${text}\n`),
    get json() {
      return json();
    },
  };
}

export function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof CliExit) {
    if (error.explanation)
      io.stderr(json ? `${JSON.stringify({ error: error.explanation })}\n` : `error: ${error.explanation}\n`);
    return error.code;
  }
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.invalid;
  }
  const [code, message] = classify(error);
  io.stderr(json ? `${JSON.stringify({ error: message })}\n` : `error: ${message}\n`);
  return code;
}

function classify(error: unknown): [number, string] {
  if (error instanceof InvalidInputError) return [EXIT_CODES.invalid, error.message];
  if (error instanceof WorkflowUpdateFailedError) {
    // A rejected update carries the validator's message; a failed one carries the activity's failure one level down.
    const failed = error.cause instanceof ActivityFailure;
    const cause = failed ? error.cause.cause : error.cause;
    return [failed ? EXIT_CODES.failure : EXIT_CODES.invalid, cause?.message ?? error.message];
  }
  if (error instanceof WorkflowNotFoundError) {
    return [
      EXIT_CODES.notFound,
      `no running workflow for ${error.workflowId}: no such lead, or it has ended (status still shows an ended lead)`,
    ];
  }
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [EXIT_CODES.invalid, error.message];
  return [EXIT_CODES.failure, error instanceof Error ? error.message : String(error)];
}
