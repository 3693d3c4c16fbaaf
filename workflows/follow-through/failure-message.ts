import { ActivityFailure } from '@temporalio/workflow';

/** What went wrong in the outside system, rather than Temporal's "Activity task failed" wrapper. */
export function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}
