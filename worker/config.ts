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
 * | MAX_CACHED_WORKFLOWS            | `250`                            | Workflows kept in memory between tasks, 0 to 1000000. `0`: no cache and no sticky queue, every task replays its lead's history. |
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
import { z } from 'zod';
import type { SupportSettings } from '../activities/support/settings';
import { describeSupport, readSupportConfig } from './support-config';
import { parseEnv } from '../common/env-config';
import { EMAIL, optional, text, whole, type RawVariables } from '../common/env-schema';
import {
  RECORDING_SOURCE_VARIABLES,
  recordingSourcesFrom,
  recordingSourcesShape,
  type RecordingSourcesConfig,
} from '../common/recording-sources-config';
import { BILLING_VARIABLES, billingConfigFrom, billingShape, type BillingConfig } from '../activities/billing/config';
import {
  DISCOVERY_VARIABLES,
  discoveryConfigFrom,
  discoveryProblems,
  discoveryShape,
  type DiscoveryConfig,
} from '../activities/discovery/config';
import { DRIVE_VARIABLES, driveShape, recordingsConfigFrom, type RecordingsConfig } from '../activities/drive/config';
import {
  MAIL_SECRETS,
  MAIL_VARIABLES,
  mailConfigFrom,
  mailProblems,
  mailShape,
  type MailConfig,
} from '../activities/email/config';
import {
  TASKS_SECRETS,
  TASKS_VARIABLES,
  tasksConfigFrom,
  tasksProblems,
  tasksShape,
  type TasksConfig,
} from '../activities/tasks/config';

export interface AppConfig extends DiscoveryConfig {
  temporal: { address: string; namespace: string; taskQueue: string };
  /** 0 trades replaying every task for a worker whose tasks any other worker can take. */
  maxCachedWorkflows: number;
  companyDomain: string;
  mailFrom: string;
  bizdevEmail: string;
  /** Durable adapter state (sent-ledgers). */
  stateDir: string;
  billing: BillingConfig;
  mail: MailConfig;
  recordings: RecordingsConfig;
  /** Where meeting recordings may be read from: the client checks it, and the worker enforces it. */
  recordingSources: RecordingSourcesConfig;
  tasks: TasksConfig;
  followUpDays: number;
  /** Support requests (SUPPORT_* variables, worker/support-config.ts). */
  support: SupportSettings;
}

/** Each system's variables come from the module beside its adapter; this order is the order problems are listed. */
const variables = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'MAX_CACHED_WORKFLOWS',
  'COMPANY_DOMAIN',
  'MAIL_FROM',
  ...MAIL_VARIABLES,
  'STATE_DIR',
  ...DRIVE_VARIABLES,
  ...RECORDING_SOURCE_VARIABLES,
  ...TASKS_VARIABLES,
  ...BILLING_VARIABLES,
  ...DISCOVERY_VARIABLES,
  'FOLLOW_UP_DAYS',
  'BIZDEV_EMAIL',
] as const;

type Variable = (typeof variables)[number];

const secrets: ReadonlySet<Variable> = new Set<Variable>([...MAIL_SECRETS, ...TASKS_SECRETS]);

/**
 * What the benchmark's scale section ran 10,000 parked leads with under 1 GiB (bench/settings.ts), beside a 512 MiB
 * heap limit. The SDK's own default is sized from the heap limit, which Node sizes from the machine's memory: on a
 * large machine, thousands of workflows, and garbage V8 never needed to collect.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 250;

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

const schema = z.object({
  TEMPORAL_ADDRESS: optional(z.string().regex(/^(?:\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/i, 'must be host:port')),
  TEMPORAL_NAMESPACE: optional(text('must be a namespace name without surrounding spaces')),
  TEMPORAL_TASK_QUEUE: optional(text('must be a task queue name without surrounding spaces')),
  MAX_CACHED_WORKFLOWS: optional(whole(0, 1_000_000)),
  COMPANY_DOMAIN: optional(z.string().regex(DOMAIN, 'must be a domain name such as example.com')),
  MAIL_FROM: optional(
    z.string().refine((value) => EMAIL.test(bareAddress(value)), 'must be `address` or `Name <address>`'),
  ),
  ...mailShape,
  STATE_DIR: optional(z.string()),
  ...driveShape,
  ...recordingSourcesShape,
  ...tasksShape,
  ...billingShape,
  ...discoveryShape,
  FOLLOW_UP_DAYS: optional(whole(1, 365)),
  BIZDEV_EMAIL: optional(z.string().regex(EMAIL, 'must be an email address')),
});

/** Reads and validates the configuration; throws one ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const support = readSupportConfig(env);
  // The SUPPORT_* variables are read on their own (lists of rotations): their problems join the one error all the same.
  const crossFieldProblems = (raw: RawVariables<Variable>) => [
    ...mailProblems(raw),
    ...tasksProblems(raw),
    ...discoveryProblems(raw),
    ...support.problems,
  ];
  const parsed = parseEnv(env, { variables, schema, secrets, crossFieldProblems });
  const companyDomain = (parsed.COMPANY_DOMAIN ?? 'example.com').toLowerCase();
  return {
    temporal: {
      address: parsed.TEMPORAL_ADDRESS ?? 'localhost:7233',
      namespace: parsed.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: parsed.TEMPORAL_TASK_QUEUE ?? 'customer-lifecycle',
    },
    maxCachedWorkflows: parsed.MAX_CACHED_WORKFLOWS ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    companyDomain,
    mailFrom: parsed.MAIL_FROM ?? `Sales <sales@${companyDomain}>`,
    bizdevEmail: parsed.BIZDEV_EMAIL ?? `bizdev@${companyDomain}`,
    stateDir: parsed.STATE_DIR ?? '.temporal/state',
    billing: billingConfigFrom(parsed),
    mail: mailConfigFrom(parsed),
    recordings: recordingsConfigFrom(parsed),
    recordingSources: recordingSourcesFrom(parsed),
    tasks: tasksConfigFrom(parsed),
    ...discoveryConfigFrom(parsed),
    followUpDays: parsed.FOLLOW_UP_DAYS ?? 7,
    support: support.settings(parsed.BIZDEV_EMAIL ?? `bizdev@${companyDomain}`),
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
    `Support:     ${describeSupport(config.support)}`,
  ].join('\n');
}

function bareAddress(value: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(value);
  return (angle ? angle[1] : value).trim();
}
