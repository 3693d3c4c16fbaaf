import { redactCredentials } from '../redact';
import { NonRetryableStoreError } from '../../common/store-errors';

/** Drive's 403 reasons that mean "slow down", not "you may not": those are worth retrying. */
const rateLimitReasons = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'sharingRateLimitExceeded']);

/**
 * Turns a failed Drive reply into the right error: NonRetryableStoreError when retrying cannot help
 * (bad credentials, missing or unshared parent folder, malformed request, quota exhausted), a plain Error otherwise
 * (5xx, 429, rate-limit 403s, an expired upload session).
 * Only Drive's own error message is quoted: it never contains the access token.
 */
export function classifyDriveFailure(
  action: string,
  status: number | undefined,
  body: unknown,
  options: { uploadSession?: boolean } = {},
): Error {
  const { message, reason } = driveErrorDetails(body);
  // The message is Drive's (or a proxy's): redacted, in case it echoes the request's bearer token.
  const text = redactCredentials(
    `${action} failed${status ? ` with HTTP ${status}` : ''}${message ? `: ${message}` : ''}`,
  );
  if (status === undefined || status >= 500 || status === 408 || status === 429) return new Error(text);
  if (status === 403 && reason && rateLimitReasons.has(reason)) return new Error(text);
  if (status === 401 || status === 403) {
    return new NonRetryableStoreError(`${text} (check the Google credentials and that the folder is shared)`, status);
  }
  // An upload session expires (404/410) after a week or when Drive drops it: a new attempt starts a new session.
  if ((status === 404 || status === 410) && options.uploadSession) return new Error(text);
  if (status >= 400 && status < 500) return new NonRetryableStoreError(text, status);
  return new Error(text);
}

/** The same classification for errors thrown by the googleapis client (GaxiosError) or by the network. */
export function classifyThrownDriveError(action: string, error: unknown): Error {
  if (error instanceof NonRetryableStoreError) return error;
  const failure = error as { status?: unknown; response?: { status?: unknown; data?: unknown } };
  const status =
    typeof failure.response?.status === 'number'
      ? failure.response.status
      : typeof failure.status === 'number'
        ? failure.status
        : undefined;
  if (status === undefined) {
    if (error instanceof Error && /Could not load the default credentials|ENOENT/.test(error.message)) {
      // Application Default Credentials absent, or the key file is missing: only an operator can fix that.
      return new NonRetryableStoreError(
        redactCredentials(`${action} failed: no usable Google credentials (${error.message})`),
      );
    }
    // No HTTP reply at all: a network failure, a timeout, or an abort. Keep the original so `signal` aborts stay
    // recognisable (AbortError) to the caller.
    if (error instanceof Error && error.name === 'AbortError') return error;
    return new Error(redactCredentials(`${action} failed: ${error instanceof Error ? error.message : String(error)}`));
  }
  return classifyDriveFailure(action, status, failure.response?.data);
}

function driveErrorDetails(body: unknown): { message?: string; reason?: string } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return {};
  const error = body.error;
  if (typeof error !== 'object' || error === null) return {};
  const { message, errors } = error as { message?: unknown; errors?: unknown };
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  const reason =
    typeof first === 'object' && first !== null && typeof (first as { reason?: unknown }).reason === 'string'
      ? (first as { reason: string }).reason
      : undefined;
  return { message: typeof message === 'string' ? message : undefined, reason };
}
