import { GoogleDriveStore } from '../activities/drive/google-drive-store';
import { createDriveAuth } from '../activities/drive/drive-auth';
import { LocalFolderStore } from '../activities/drive/local-folder-store';
import type { RecordingStore } from '../activities/drive/port';
import { RecordingSources } from '../common/recording-sources';
import { OutboxMailer } from '../activities/email/outbox-mailer';
import type { Mailer } from '../activities/email/port';
import { SmtpMailer } from '../activities/email/smtp-mailer';
import { JiraTracker } from '../activities/tasks/jira-tracker';
import { TemporalLeadDirectory } from '../activities/leads/temporal-lead-directory';
import { JsonLinesTracker } from '../activities/tasks/jsonl-tracker';
import type { TaskTracker } from '../activities/tasks/port';
import type { Client } from '@temporalio/client';
import type { ActivityDeps } from '../activities';
import { JsonLinesWorkLogs } from '../activities/billing/jsonl-work-logs';
import { LocalInvoicing } from '../activities/billing/local-invoicing';
import { FileDutyRota } from '../activities/discovery/file-rota';
import path from 'node:path';
import type { AppConfig } from './config';
import type { EngineMetrics } from './metrics';

export interface Adapters {
  mailer: Mailer;
  recordings: RecordingStore;
  recordingSources: RecordingSources;
  tasks: TaskTracker;
}

/**
 * The one place where configuration picks an implementation for each port. Nothing here opens a connection or
 * reads credentials: every adapter connects lazily, on its first use inside an activity.
 */
export function createAdapters(config: AppConfig): Adapters {
  const { mail, recordings, tasks } = config;

  const mailer: Mailer =
    mail.kind === 'smtp'
      ? new SmtpMailer({
          host: mail.host,
          port: mail.port,
          secure: mail.secure,
          auth: mail.auth ? { user: mail.auth.user, password: mail.auth.password.reveal() } : undefined,
          from: config.mailFrom,
          stateDir: config.stateDir,
          delivery: mail.delivery,
        })
      : new OutboxMailer({ dir: mail.dir, from: config.mailFrom });

  const recordingSources = new RecordingSources(config.recordingSources);
  const recordingStore: RecordingStore =
    recordings.kind === 'google-drive'
      ? new GoogleDriveStore({
          auth: createDriveAuth(recordings.credentialsFile),
          parentFolderId: recordings.folderId,
          rootUrl: recordings.rootUrl,
          sources: recordingSources,
        })
      : new LocalFolderStore({ root: recordings.dir, sources: recordingSources });

  const tracker: TaskTracker =
    tasks.kind === 'jira'
      ? new JiraTracker({
          baseUrl: tasks.baseUrl,
          email: tasks.email,
          apiToken: tasks.apiToken.reveal(),
          projectKey: tasks.projectKey,
          issueType: tasks.issueType,
        })
      : new JsonLinesTracker({ file: tasks.file });

  return { mailer, recordings: recordingStore, recordingSources, tasks: tracker };
}

/** Everything the activities are bound to: the adapters, plus the settings and state they work with. */
export function createActivityDeps(config: AppConfig, temporal: Client, metrics?: EngineMetrics): ActivityDeps {
  const adapters = createAdapters(config);
  return {
    temporal,
    leads: new TemporalLeadDirectory(temporal),
    taskQueue: config.temporal.taskQueue,
    ...adapters,
    ...(metrics
      ? { mailer: metrics.countMailer(adapters.mailer), recordings: metrics.countRecordings(adapters.recordings) }
      : {}),
    workLogs: new JsonLinesWorkLogs(config.billing.workLogsFile),
    invoicing: new LocalInvoicing(config.billing.invoicesDir),
    companyDomain: config.companyDomain,
    discovery: {
      rotation: config.discoveryDuty,
      rota: new FileDutyRota(path.join(config.stateDir, 'discovery-rota.json')),
      sprint: config.sprint,
      planner: config.bizdevEmail,
    },
    support: config.support,
  };
}
