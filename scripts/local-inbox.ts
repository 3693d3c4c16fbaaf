/**
 * The inbox `npm start` shows mail in: with no SMTP relay configured, a Mailpit on loopback receives every email the
 * worker sends, and its web inbox shows them as the client would see them. Nothing leaves the machine either way.
 *
 * | Variable          | Default | Meaning                                                               |
 * | ----------------- | ------- | --------------------------------------------------------------------- |
 * | MAILPIT           | `on`    | `off`: no inbox; mail is written as `.eml` files to OUTBOX_DIR again   |
 * | MAILPIT_SMTP_PORT | `1025`  | Mailpit's SMTP port, on 127.0.0.1                                     |
 * | MAILPIT_UI_PORT   | `8025`  | The web inbox's port, on 127.0.0.1                                    |
 * | MAILPIT_PATH      | (built) | A Mailpit binary to run instead of the one built into `.tools/`       |
 */
import { z } from 'zod';
import type { MailConfig } from '../activities/email/config';
import { parseEnv } from '../common/env-config';
import { optional, whole } from '../common/env-schema';
import { ensureMailpit, MAILPIT_VERSION } from './mailpit-build';
import { MAILPIT_SMTP_PORT, MAILPIT_UI_PORT, startMailpit, type RunningMailpit } from './mailpit-server';

export interface LocalInboxSettings {
  enabled: boolean;
  smtpPort: number;
  uiPort: number;
}

const variables = ['MAILPIT', 'MAILPIT_SMTP_PORT', 'MAILPIT_UI_PORT'] as const;

const schema = z.object({
  MAILPIT: optional(
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(['on', 'off'], { error: 'must be on or off' })),
  ),
  MAILPIT_SMTP_PORT: optional(whole(1, 65535)),
  MAILPIT_UI_PORT: optional(whole(1, 65535)),
});

/** Throws one ConfigError naming every bad variable, before anything has started. */
export function loadLocalInboxSettings(env: NodeJS.ProcessEnv): LocalInboxSettings {
  const parsed = parseEnv(env, {
    variables,
    schema,
    crossFieldProblems: (raw) =>
      (raw.MAILPIT_SMTP_PORT ?? String(MAILPIT_SMTP_PORT)) === (raw.MAILPIT_UI_PORT ?? String(MAILPIT_UI_PORT))
        ? [{ variable: 'MAILPIT_UI_PORT', problem: 'must differ from MAILPIT_SMTP_PORT' }]
        : [],
  });
  return {
    enabled: parsed.MAILPIT !== 'off',
    smtpPort: parsed.MAILPIT_SMTP_PORT ?? MAILPIT_SMTP_PORT,
    uiPort: parsed.MAILPIT_UI_PORT ?? MAILPIT_UI_PORT,
  };
}

export interface LocalInbox {
  /** Running, when mail goes to it. */
  mailpit?: RunningMailpit;
  /** What `npm start` prints on its `Inbox:` line. */
  description: string;
}

/**
 * Starts Mailpit unless mail already has somewhere to go (SMTP_HOST) or MAILPIT=off. A Mailpit that cannot be
 * built or started is reported, and mail falls back to the `.eml` outbox: `npm start` still runs.
 */
export async function startLocalInbox(
  settings: LocalInboxSettings,
  mail: MailConfig,
  dataDir: string,
  report: (line: string) => void,
): Promise<LocalInbox> {
  if (mail.kind === 'smtp') return { description: `off: mail goes to the SMTP relay ${mail.host}:${mail.port}` };
  if (!settings.enabled) return { description: `off (MAILPIT=off): mail is written to ${mail.dir}/` };
  const outbox = `mail is written to ${mail.dir}/ instead`;
  const binary = await ensureMailpit({ report });
  if (binary.path === undefined) return { description: `none, ${outbox}: Mailpit is not available (${binary.why})` };
  try {
    const mailpit = await startMailpit({ binary: binary.path, ...settings, dataDir });
    return {
      mailpit,
      description: `${mailpit.url} (Mailpit ${MAILPIT_VERSION}, SMTP on ${mailpit.smtp.host}:${mailpit.smtp.port})`,
    };
  } catch (error) {
    return { description: `none, ${outbox}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
