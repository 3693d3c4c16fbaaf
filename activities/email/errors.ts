/**
 * A mail failure that retrying cannot fix (bad credentials, recipients permanently rejected by the server).
 * The activity layer turns it into a non-retryable ApplicationFailure; every other error is left retryable,
 * because SMTP's 4xx replies and dropped connections usually clear up on their own.
 */
export class NonRetryableMailError extends Error {
  readonly nonRetryable = true;

  constructor(
    message: string,
    /** SMTP reply code or nodemailer error code, when there is one: lets callers log the cause without the text. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'NonRetryableMailError';
  }
}
