/**
 * The worker's configuration, read from environment variables and validated in one go: a bad setup fails at start
 * with a single error naming every wrong variable, instead of at the first email hours later.
 *
 * Every adapter has a local default, so an empty environment runs the whole product on one machine: mail goes to
 * `.eml` files, recordings to a local folder, tasks to a JSON-lines file. Setting a service's variables switches
 * that one port to the real service. Empty values count as unset.
 *
 * | Variable                        | Default                          | Meaning                                                                                                   |
 * | ------------------------------- | -------------------------------- | --------------------------------------------------------------------------------------------------------- |
 * | TEMPORAL_ADDRESS                | `localhost:7233`                 | Temporal frontend, `host:port`.                                                                           |
 * | TEMPORAL_NAMESPACE              | `default`                        | Temporal namespace.                                                                                       |
 * | TEMPORAL_TASK_QUEUE             | `customer-lifecycle`             | Task queue the worker polls and clients start workflows on.                                               |
 * | COMPANY_DOMAIN                  | `example.com`                    | Our mail domain: Message-IDs, `help+<label>@` CC addresses, default sender and bizdev addresses.         |
 * | MAIL_FROM                       | `Sales <sales@COMPANY_DOMAIN>`   | From header of every email: `address` or `Name <address>`.                                                |
 * | SMTP_HOST                       | (unset: write `.eml` files)      | SMTP relay. When set, mail is really sent; otherwise it goes to OUTBOX_DIR. Required if any SMTP_* is set. |
 * | SMTP_PORT                       | `587`                            | SMTP port.                                                                                                |
 * | SMTP_SECURE                     | `true` on port 465, else `false` | `true`: implicit TLS. `false`: STARTTLS, required whenever SMTP_USER is set.                               |
 * | SMTP_USER                       | (none)                           | SMTP login. Set together with SMTP_PASSWORD, or neither.                                                  |
 * | SMTP_PASSWORD                   | (none)                           | SMTP password. Secret: never printed.                                                                     |
 * | SMTP_DELIVERY                   | `at-most-once`                   | A send cut off between handing the message over and the relay's reply: `at-most-once` never resends (reported as uncertain), `at-least-once` resends with the same Message-ID. |
 * | OUTBOX_DIR                      | `outbox`                         | Folder for `.eml` files when SMTP_HOST is unset.                                                          |
 * | STATE_DIR                       | `.temporal/state`                | Durable adapter state, e.g. the SMTP sent-ledger that stops a retried send from mailing twice.            |
 * | GOOGLE_DRIVE_FOLDER_ID          | (unset: local folder)            | Drive folder holding one subfolder per client. When set, recordings go to Google Drive.                   |
 * | GOOGLE_APPLICATION_CREDENTIALS  | (application default creds)      | Path to a service-account key file (JSON). The file must exist. Share the Drive folder with its account.  |
 * | GOOGLE_DRIVE_ROOT_URL           | `https://www.googleapis.com/`    | Drive API root: only for tests and proxies.                                                               |
 * | LOCAL_DRIVE_DIR                 | `local-drive`                    | Folder receiving recordings when GOOGLE_DRIVE_FOLDER_ID is unset.                                         |
 * | RECORDING_SOURCE_DIR            | `recordings`                     | The only folder recordings are read from (symlinks and `..` may not lead out). Relative paths: inside it. |
 * | RECORDING_SOURCE_HOSTS          | (none: no URLs)                  | Comma-separated hosts (`host` or `host:port`) http(s) recordings may be downloaded from, redirects too.   |
 * | JIRA_BASE_URL                   | (unset: JSON-lines file)         | e.g. `https://acme.atlassian.net`. JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN and JIRA_PROJECT_KEY: all or none. |
 * | JIRA_EMAIL                      | (none)                           | Atlassian account the API token belongs to.                                                               |
 * | JIRA_API_TOKEN                  | (none)                           | Atlassian API token. Secret: never printed.                                                               |
 * | JIRA_PROJECT_KEY                | (none)                           | Project receiving the tasks, e.g. `OPS`.                                                                  |
 * | JIRA_ISSUE_TYPE                 | `Task`                           | Issue type of created tasks.                                                                              |
 * | TASKS_FILE                      | `outbox/tasks.jsonl`             | JSON-lines file receiving tasks when Jira is not configured.                                              |
 * | WORK_LOGS_FILE                  | `outbox/worklogs.jsonl`          | JSON-lines work logs (`client`, `date`, `hours`, `description`) the monthly invoices are built from.    |
 * | INVOICES_DIR                    | `invoices`                       | Folder receiving each invoice as JSON plus a readable summary, for review before sending.                |
 * | DISCOVERY_DUTY                  | (nobody)                         | Discovery Duty rotation, comma-separated emails in rotation order: `ana@x.com,ben@x.com`.                 |
 * | DISCOVERY_UNAVAILABLE           | (nobody)                         | Comma-separated members of DISCOVERY_DUTY who are away: the rotation skips them.                          |
 * | SPRINT_LENGTH_DAYS              | `14`                             | Sprint length, 1 to 56 days.                                                                              |
 * | SPRINT_START                    | `2026-01-05`                     | Start date (YYYY-MM-DD) of any one sprint: all other sprints are counted from it.                         |
 * | FOLLOW_UP_DAYS                  | `7`                              | Days after a meeting until the owner is reminded to follow up, 1 to 365.                                  |
 * | BIZDEV_EMAIL                    | `bizdev@COMPANY_DOMAIN`          | The Business Development Specialist's address.                                                            |
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { ConfigProblem } from '../common/config-error';
import { parseEnv } from '../common/env-config';
import {
  recordingSourcesFrom,
  recordingSourcesShape,
  type RecordingSourcesConfig,
} from '../common/recording-sources-config';
import { Secret } from '../common/secret';

export type { RecordingSourcesConfig };

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

export type RecordingsConfig =
  | { kind: 'google-drive'; folderId: string; credentialsFile?: string; rootUrl?: string }
  | { kind: 'local-folder'; dir: string };

export type TasksConfig =
  | { kind: 'jira'; baseUrl: string; email: string; apiToken: Secret; projectKey: string; issueType: string }
  | { kind: 'jsonl'; file: string };

export interface DutyMember {
  email: string;
  available: boolean;
}

export interface AppConfig {
  temporal: { address: string; namespace: string; taskQueue: string };
  companyDomain: string;
  mailFrom: string;
  bizdevEmail: string;
  /** Durable adapter state (sent-ledgers). */
  stateDir: string;
  billing: { workLogsFile: string; invoicesDir: string };
  mail: MailConfig;
  recordings: RecordingsConfig;
  /** Where meeting recordings may be read from: the client checks it, and the worker enforces it. */
  recordingSources: RecordingSourcesConfig;
  tasks: TasksConfig;
  /** In rotation order, unavailable members included (marked), so the rotation position stays stable. */
  discoveryDuty: DutyMember[];
  sprint: { lengthDays: number; start: string };
  followUpDays: number;
}

const variables = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'COMPANY_DOMAIN',
  'MAIL_FROM',
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_SECURE',
  'SMTP_USER',
  'SMTP_PASSWORD',
  'SMTP_DELIVERY',
  'OUTBOX_DIR',
  'STATE_DIR',
  'GOOGLE_DRIVE_FOLDER_ID',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_DRIVE_ROOT_URL',
  'LOCAL_DRIVE_DIR',
  'RECORDING_SOURCE_DIR',
  'RECORDING_SOURCE_HOSTS',
  'JIRA_BASE_URL',
  'JIRA_EMAIL',
  'JIRA_API_TOKEN',
  'JIRA_PROJECT_KEY',
  'JIRA_ISSUE_TYPE',
  'TASKS_FILE',
  'WORK_LOGS_FILE',
  'INVOICES_DIR',
  'DISCOVERY_DUTY',
  'DISCOVERY_UNAVAILABLE',
  'SPRINT_LENGTH_DAYS',
  'SPRINT_START',
  'FOLLOW_UP_DAYS',
  'BIZDEV_EMAIL',
] as const;

type Variable = (typeof variables)[number];

/** Secrets are neither trimmed (a password may end in a space) nor ever quoted back. */
const secrets: ReadonlySet<Variable> = new Set<Variable>(['SMTP_PASSWORD', 'JIRA_API_TOKEN']);

const JIRA_VARIABLES: Variable[] = ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT_KEY'];

const EMAIL =
  /^[^\s@<>(),;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

const optional = <T extends z.ZodType>(schema: T) => schema.optional();
const text = (problem: string) => z.string().regex(/^\S(?:.*\S)?$/, problem);
const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be a whole number from ${min} to ${max}`);
const email = z.string().regex(EMAIL, 'must be an email address');
const emailList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine((items) => items.every((item) => EMAIL.test(item)), 'must be a comma-separated list of email addresses');
const httpUrl = z.string().refine(isHttpUrl, 'must be an http(s) URL');

const schema = z.object({
  TEMPORAL_ADDRESS: optional(z.string().regex(/^(?:\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/i, 'must be host:port')),
  TEMPORAL_NAMESPACE: optional(text('must be a namespace name without surrounding spaces')),
  TEMPORAL_TASK_QUEUE: optional(text('must be a task queue name without surrounding spaces')),
  COMPANY_DOMAIN: optional(z.string().regex(DOMAIN, 'must be a domain name such as example.com')),
  MAIL_FROM: optional(
    z.string().refine((value) => EMAIL.test(bareAddress(value)), 'must be `address` or `Name <address>`'),
  ),
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
  STATE_DIR: optional(z.string()),
  GOOGLE_DRIVE_FOLDER_ID: optional(
    z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be a Drive folder id (letters, digits, - and _)'),
  ),
  GOOGLE_APPLICATION_CREDENTIALS: optional(
    z.string().refine((file) => existsSync(file), 'names a file that does not exist'),
  ),
  GOOGLE_DRIVE_ROOT_URL: optional(httpUrl),
  LOCAL_DRIVE_DIR: optional(z.string()),
  ...recordingSourcesShape,
  JIRA_BASE_URL: optional(httpUrl),
  JIRA_EMAIL: optional(email),
  JIRA_API_TOKEN: optional(z.string()),
  JIRA_PROJECT_KEY: optional(z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be a Jira project key such as OPS')),
  JIRA_ISSUE_TYPE: optional(text('must be an issue type name such as Task')),
  TASKS_FILE: optional(z.string()),
  WORK_LOGS_FILE: optional(z.string()),
  INVOICES_DIR: optional(z.string()),
  DISCOVERY_DUTY: optional(emailList),
  DISCOVERY_UNAVAILABLE: optional(emailList),
  SPRINT_LENGTH_DAYS: optional(whole(1, 56)),
  SPRINT_START: optional(z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD')),
  FOLLOW_UP_DAYS: optional(whole(1, 365)),
  BIZDEV_EMAIL: optional(email),
});

type Parsed = z.infer<typeof schema>;

/** Reads and validates the configuration; throws one ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  return build(parseEnv(env, { variables, schema, secrets, crossFieldProblems }));
}

/** Rules about combinations of variables, checked on the raw strings so they are reported alongside format errors. */
function crossFieldProblems(raw: Partial<Record<Variable, string>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if ((raw.SMTP_USER === undefined) !== (raw.SMTP_PASSWORD === undefined)) {
    const missing = raw.SMTP_USER === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD';
    problems.push({ variable: missing, problem: 'SMTP_USER and SMTP_PASSWORD must be set together, or neither' });
  }
  const jiraSet = JIRA_VARIABLES.filter((name) => raw[name] !== undefined);
  if (jiraSet.length > 0 && jiraSet.length < JIRA_VARIABLES.length) {
    for (const name of JIRA_VARIABLES.filter((variable) => raw[variable] === undefined)) {
      problems.push({
        variable: name,
        problem: 'is missing: JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN and JIRA_PROJECT_KEY must be set together',
      });
    }
  }
  if (raw.DISCOVERY_UNAVAILABLE !== undefined) {
    const rotation = splitList(raw.DISCOVERY_DUTY);
    const strangers = splitList(raw.DISCOVERY_UNAVAILABLE).filter((member) => !rotation.includes(member));
    if (strangers.length > 0) {
      problems.push({
        variable: 'DISCOVERY_UNAVAILABLE',
        problem: `lists ${strangers.length} address(es) that are not in DISCOVERY_DUTY`,
      });
    }
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

function build(parsed: Parsed): AppConfig {
  const companyDomain = (parsed.COMPANY_DOMAIN ?? 'example.com').toLowerCase();
  const stateDir = parsed.STATE_DIR ?? '.temporal/state';

  let mail: MailConfig;
  if (parsed.SMTP_HOST !== undefined) {
    const port = parsed.SMTP_PORT ?? 587;
    mail = {
      kind: 'smtp',
      host: parsed.SMTP_HOST,
      port,
      secure: parsed.SMTP_SECURE === undefined ? port === 465 : parsed.SMTP_SECURE === 'true',
      delivery: parsed.SMTP_DELIVERY ?? 'at-most-once',
    };
    if (parsed.SMTP_USER !== undefined && parsed.SMTP_PASSWORD !== undefined) {
      mail.auth = { user: parsed.SMTP_USER, password: new Secret(parsed.SMTP_PASSWORD) };
    }
  } else {
    mail = { kind: 'outbox', dir: parsed.OUTBOX_DIR ?? 'outbox' };
  }

  let recordings: RecordingsConfig;
  if (parsed.GOOGLE_DRIVE_FOLDER_ID !== undefined) {
    recordings = { kind: 'google-drive', folderId: parsed.GOOGLE_DRIVE_FOLDER_ID };
    if (parsed.GOOGLE_APPLICATION_CREDENTIALS !== undefined) {
      recordings.credentialsFile = parsed.GOOGLE_APPLICATION_CREDENTIALS;
    }
    if (parsed.GOOGLE_DRIVE_ROOT_URL !== undefined) {
      recordings.rootUrl = parsed.GOOGLE_DRIVE_ROOT_URL.endsWith('/')
        ? parsed.GOOGLE_DRIVE_ROOT_URL
        : `${parsed.GOOGLE_DRIVE_ROOT_URL}/`;
    }
  } else {
    recordings = { kind: 'local-folder', dir: parsed.LOCAL_DRIVE_DIR ?? 'local-drive' };
  }

  const recordingSources = recordingSourcesFrom(parsed);

  const tasks: TasksConfig =
    parsed.JIRA_BASE_URL !== undefined &&
    parsed.JIRA_EMAIL !== undefined &&
    parsed.JIRA_API_TOKEN !== undefined &&
    parsed.JIRA_PROJECT_KEY !== undefined
      ? {
          kind: 'jira',
          baseUrl: parsed.JIRA_BASE_URL.replace(/\/+$/, ''),
          email: parsed.JIRA_EMAIL,
          apiToken: new Secret(parsed.JIRA_API_TOKEN),
          projectKey: parsed.JIRA_PROJECT_KEY,
          issueType: parsed.JIRA_ISSUE_TYPE ?? 'Task',
        }
      : { kind: 'jsonl', file: parsed.TASKS_FILE ?? 'outbox/tasks.jsonl' };

  const unavailable = new Set(parsed.DISCOVERY_UNAVAILABLE ?? []);
  return {
    temporal: {
      address: parsed.TEMPORAL_ADDRESS ?? 'localhost:7233',
      namespace: parsed.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: parsed.TEMPORAL_TASK_QUEUE ?? 'customer-lifecycle',
    },
    companyDomain,
    mailFrom: parsed.MAIL_FROM ?? `Sales <sales@${companyDomain}>`,
    bizdevEmail: parsed.BIZDEV_EMAIL ?? `bizdev@${companyDomain}`,
    stateDir,
    billing: {
      workLogsFile: parsed.WORK_LOGS_FILE ?? 'outbox/worklogs.jsonl',
      invoicesDir: parsed.INVOICES_DIR ?? 'invoices',
    },
    mail,
    recordings,
    recordingSources,
    tasks,
    discoveryDuty: [...new Set(parsed.DISCOVERY_DUTY ?? [])].map((member) => ({
      email: member,
      available: !unavailable.has(member),
    })),
    sprint: { lengthDays: parsed.SPRINT_LENGTH_DAYS ?? 14, start: parsed.SPRINT_START ?? '2026-01-05' },
    followUpDays: parsed.FOLLOW_UP_DAYS ?? 7,
  };
}

/** A one-screen summary of the active adapters and settings, safe to log: secrets appear as `***`. */
export function describeConfig(config: AppConfig): string {
  const { mail, recordings, tasks } = config;
  const mailLine =
    mail.kind === 'smtp'
      ? `SMTP ${mail.host}:${mail.port} (${mail.secure ? 'implicit TLS' : mail.auth ? 'STARTTLS required' : 'STARTTLS when offered'})` +
        `${mail.auth ? `, user ${mail.auth.user}, password ***` : ', no login'}; ${mail.delivery}, ` +
        `sent-ledger in ${config.stateDir}`
      : `.eml files in ${mail.dir}/ (set SMTP_HOST to really send)`;
  const recordingsLine =
    recordings.kind === 'google-drive'
      ? `Google Drive folder ${recordings.folderId}, ` +
        `${recordings.credentialsFile ? `key file ${recordings.credentialsFile}` : 'application default credentials'}` +
        `${recordings.rootUrl ? `, API at ${recordings.rootUrl}` : ''}`
      : `local folder ${recordings.dir}/ (set GOOGLE_DRIVE_FOLDER_ID for Google Drive)`;
  const sourcesLine =
    `files in ${config.recordingSources.folder}/, URLs from ` +
    (config.recordingSources.allowedHosts.length > 0
      ? config.recordingSources.allowedHosts.join(', ')
      : 'no host (set RECORDING_SOURCE_HOSTS)');
  const tasksLine =
    tasks.kind === 'jira'
      ? `Jira ${tasks.baseUrl}, project ${tasks.projectKey}, type ${tasks.issueType}, as ${tasks.email}, token ***`
      : `JSON lines in ${tasks.file} (set the JIRA_* variables for Jira)`;
  const duty =
    config.discoveryDuty.length > 0
      ? config.discoveryDuty.map((member) => `${member.email}${member.available ? '' : ' (unavailable)'}`).join(', ')
      : 'nobody (discoveries are scheduled into the next sprint)';
  return [
    `Mail:        ${mailLine}`,
    `Recordings:  ${recordingsLine}`,
    `Sources:     ${sourcesLine}`,
    `Tasks:       ${tasksLine}`,
    `Temporal:    ${config.temporal.address}, namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue}`,
    `Company:     ${config.companyDomain}; mail from ${config.mailFrom}; bizdev ${config.bizdevEmail}`,
    `Discovery:   ${duty}`,
    `Sprints:     ${config.sprint.lengthDays} days, one starting ${config.sprint.start}; follow-up after ${config.followUpDays} days`,
  ].join('\n');
}

function bareAddress(value: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(value);
  return (angle ? angle[1] : value).trim();
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
