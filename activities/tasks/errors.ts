/**
 * A task-tracker failure that retrying cannot fix: rejected credentials, a missing project or issue type,
 * a field the project's create screen does not allow. The activity layer turns it into a non-retryable
 * ApplicationFailure; every other error (5xx, 429, network) is a plain Error, left to Temporal's retry policy.
 */
export class NonRetryableTaskError extends Error {
  readonly nonRetryable = true;

  constructor(
    message: string,
    /** HTTP status, when the failure came from an HTTP reply. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'NonRetryableTaskError';
  }
}
