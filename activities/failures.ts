import { ApplicationFailure } from '@temporalio/activity';

/**
 * The adapters mark failures that no retry can fix (bad credentials, a missing file, a rejected recipient) with
 * `nonRetryable`. Those become non-retryable ApplicationFailures, so the workflow surfaces them on the lead at once
 * instead of retrying for ever; everything else is rethrown for Temporal's retry policy.
 */
export async function failFastWhenHopeless<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && (error as { nonRetryable?: unknown }).nonRetryable === true) {
      throw ApplicationFailure.nonRetryable(error.message, error.name);
    }
    throw error;
  }
}
