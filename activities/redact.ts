/**
 * Removes credentials from text that is about to become an error message. Error messages travel far: the worker
 * log, the activity failure, `status`, and the workflow history, which keeps them for good. A server that echoes
 * the request's headers in its error body (some proxies and Jira error pages do) would otherwise put the API token
 * there.
 *
 * Known secrets are removed in every form they take on the wire (as is, base64 in Basic auth and SMTP AUTH, URL
 * encoded); any `Basic …` or `Bearer …` credential is removed whatever it holds, since OAuth access tokens change
 * and are never known in advance.
 */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let redacted = text;
  for (const form of secrets.flatMap(formsOf).sort((a, b) => b.length - a.length)) {
    redacted = redacted.split(form).join('***');
  }
  return (
    redacted
      // A credential, not a word: "Basic authentication required" stays readable.
      .replace(/\b(Basic|Bearer)(\s+|%20|\+)(?=[A-Za-z0-9+/=._~-]*[0-9+/=])[A-Za-z0-9+/=._~-]{8,}/gi, '$1$2***')
      .replace(/\bya29\.[A-Za-z0-9._-]+/g, '***')
  );
}

/** The secrets of one login: the secret alone, and `user:secret` (Basic) and `\0user\0secret` (SMTP AUTH PLAIN). */
export function loginSecrets(user: string, secret: string): string[] {
  return [secret, `${user}:${secret}`, `\u0000${user}\u0000${secret}`];
}

function formsOf(secret: string): string[] {
  if (secret.length < 4) return [];
  const base64 = Buffer.from(secret).toString('base64');
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      base64,
      base64.replace(/=+$/, ''),
      Buffer.from(secret).toString('base64url'),
    ]),
  ].filter((form) => form.length >= 4);
}
