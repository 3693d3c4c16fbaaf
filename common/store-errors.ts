/**
 * A recording-store failure that retrying cannot fix: the source file is missing, the credentials are rejected,
 * the parent folder does not exist or is not shared with the service account.
 * The activity layer turns it into a non-retryable ApplicationFailure. Every other error (5xx, rate limits,
 * dropped connections) is thrown as a plain Error and left to Temporal's retry policy.
 */
export class NonRetryableStoreError extends Error {
  readonly nonRetryable = true;

  constructor(
    message: string,
    /** HTTP status, when the failure came from an HTTP reply. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'NonRetryableStoreError';
  }
}
