/**
 * Request signing, as webhook senders do it (Stripe, Slack, GitHub): the sender computes
 * `HMAC-SHA256(secret, "<timestamp>.<raw body>")` and sends it hex-encoded as `X-Lifecycle-Signature: sha256=<hex>`,
 * with the Unix time in seconds as `X-Lifecycle-Timestamp`. The timestamp is inside the signed text, so it cannot be
 * changed, and a request older (or newer) than the window is refused: a captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-lifecycle-signature';
export const TIMESTAMP_HEADER = 'x-lifecycle-timestamp';

export function signBody(secret: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

/** The headers a sender adds; used by the tests and shown in the README's curl. */
export function signedHeaders(secret: string, body: Buffer | string, nowMs = Date.now()): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(secret, timestamp, body) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function checkSignature(options: {
  secret: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  windowSeconds: number;
  nowMs: number;
}): SignatureCheck {
  const { timestamp, signature } = options;
  if (!timestamp || !signature) {
    return { ok: false, reason: `unsigned request: send ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER}` };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be Unix time in seconds` };
  const skew = Math.abs(options.nowMs / 1000 - Number(timestamp));
  if (skew > options.windowSeconds) {
    return {
      ok: false,
      reason: `${TIMESTAMP_HEADER} is ${Math.round(skew)} s away from this server's clock (at most ${options.windowSeconds} s): a replayed or delayed request`,
    };
  }
  const expected = Buffer.from(signBody(options.secret, timestamp, options.body));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: `${SIGNATURE_HEADER} does not match the body and timestamp` };
  }
  return { ok: true };
}
