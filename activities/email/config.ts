/** How mail leaves: SMTP when SMTP_HOST is set, otherwise `.eml` files in OUTBOX_DIR. */
import { z } from 'zod';
import type { ConfigProblem } from '../../common/config-error';
import { optional, whole, type RawVariables } from '../../common/env-schema';
import { Secret } from '../../common/secret';

export type MailConfig =
  | {
      kind: 'smtp';
      host: string;
      port: number;
      secure: boolean;
      auth?: { user: string; password: Secret };
      /** A send cut off after the hand-over, before the relay's reply: see SmtpDelivery in the SMTP adapter. */
      delivery: 'at-most-once' | 'at-least-once';
    }
  | { kind: 'outbox'; dir: string };

export const MAIL_VARIABLES = [
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_SECURE',
  'SMTP_USER',
  'SMTP_PASSWORD',
  'SMTP_DELIVERY',
  'OUTBOX_DIR',
] as const;

export const MAIL_SECRETS = ['SMTP_PASSWORD'] as const;

export const mailShape = {
  SMTP_HOST: optional(z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address')),
  SMTP_PORT: optional(whole(1, 65535)),
  SMTP_SECURE: optional(
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(['true', 'false'], { error: 'must be true or false' })),
  ),
  SMTP_USER: optional(z.string()),
  SMTP_PASSWORD: optional(z.string()),
  SMTP_DELIVERY: optional(
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(['at-most-once', 'at-least-once'], { error: 'must be at-most-once or at-least-once' })),
  ),
  OUTBOX_DIR: optional(z.string()),
};

export function mailProblems(raw: RawVariables<(typeof MAIL_VARIABLES)[number]>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if ((raw.SMTP_USER === undefined) !== (raw.SMTP_PASSWORD === undefined)) {
    const missing = raw.SMTP_USER === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD';
    problems.push({ variable: missing, problem: 'SMTP_USER and SMTP_PASSWORD must be set together, or neither' });
  }
  const smtpDetails = (['SMTP_PORT', 'SMTP_SECURE', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_DELIVERY'] as const).filter(
    (name) => raw[name] !== undefined,
  );
  if (smtpDetails.length > 0 && raw.SMTP_HOST === undefined) {
    // A forgotten SMTP_HOST would otherwise silently divert client mail to the outbox folder.
    problems.push({ variable: 'SMTP_HOST', problem: `is missing although ${smtpDetails.join(', ')} is set` });
  }
  return problems;
}

export function mailConfigFrom(parsed: z.infer<z.ZodObject<typeof mailShape>>): MailConfig {
  if (parsed.SMTP_HOST === undefined) return { kind: 'outbox', dir: parsed.OUTBOX_DIR ?? 'outbox' };
  const port = parsed.SMTP_PORT ?? 587;
  const mail: MailConfig = {
    kind: 'smtp',
    host: parsed.SMTP_HOST,
    port,
    secure: parsed.SMTP_SECURE === undefined ? port === 465 : parsed.SMTP_SECURE === 'true',
    delivery: parsed.SMTP_DELIVERY ?? 'at-most-once',
  };
  if (parsed.SMTP_USER !== undefined && parsed.SMTP_PASSWORD !== undefined) {
    mail.auth = { user: parsed.SMTP_USER, password: new Secret(parsed.SMTP_PASSWORD) };
  }
  return mail;
}
