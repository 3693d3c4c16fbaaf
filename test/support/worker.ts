import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createActivities, type ActivityDeps } from '../../activities';
import { JsonLinesWorkLogs } from '../../activities/billing/jsonl-work-logs';
import { LocalInvoicing } from '../../activities/billing/local-invoicing';
import { FileDutyRota } from '../../activities/discovery/file-rota';
import type { DutyMember } from '../../rules/discovery-duty';
import { OutboxMailer } from '../../activities/email/outbox-mailer';
import { LocalFolderStore } from '../../activities/drive/local-folder-store';
import { TemporalLeadDirectory } from '../../activities/leads/temporal-lead-directory';
import { RecordingSources } from '../../common/recording-sources';
import { JsonLinesTracker } from '../../activities/tasks/jsonl-tracker';
import type { SupportSettings } from '../../activities/support/settings';
import { createLifecycleWorker } from '../../worker/create-worker';
import { WORKFLOW_BUNDLE_PATH } from './servers';

export const COMPANY_DOMAIN = 'example.com';

/** The zero-config adapters, real ones, writing into a folder of the test's own. */
export interface LocalAdapters extends Omit<ActivityDeps, 'temporal' | 'leads' | 'taskQueue'> {
  dir: string;
  mailer: OutboxMailer;
  recordings: LocalFolderStore;
  tasks: JsonLinesTracker;
  invoicing: LocalInvoicing;
  cleanup(): Promise<void>;
}

export const DISCOVERY_DUTY: DutyMember[] = [
  { email: 'ana@example.com', available: true },
  { email: 'ben@example.com', available: true },
];
export const PLANNER = 'bizdev@example.com';

/** One engineer per level on call every week (a rotation of one), 24-hour SLAs, and `hush` anonymous as Ceres. */
export const SUPPORT_SETTINGS: SupportSettings = {
  sla: { byChannel: {}, byClient: { vip: { chat: 4 } } },
  onCall: {
    L1: [{ email: 'cs@example.com', available: true }],
    L2: [{ email: 'tech@example.com', available: true }],
    L3: [{ email: 'expert@example.com', available: true }],
  },
  escalationContact: PLANNER,
  codenames: { hush: 'ceres' },
};

export async function localAdapters(): Promise<LocalAdapters> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-test-'));
  // Recordings may come from anywhere in the test's own folder, and from no host.
  const recordingSources = new RecordingSources({ folder: dir, allowedHosts: [] });
  return {
    dir,
    recordingSources,
    mailer: new OutboxMailer({ dir: path.join(dir, 'outbox'), from: `Sales <sales@${COMPANY_DOMAIN}>` }),
    recordings: new LocalFolderStore({ root: path.join(dir, 'drive'), sources: recordingSources }),
    tasks: new JsonLinesTracker({ file: path.join(dir, 'tasks.jsonl') }),
    workLogs: new JsonLinesWorkLogs(path.join(dir, 'worklogs.jsonl')),
    invoicing: new LocalInvoicing(path.join(dir, 'invoices')),
    companyDomain: COMPANY_DOMAIN,
    discovery: {
      rotation: DISCOVERY_DUTY,
      rota: new FileDutyRota(path.join(dir, 'discovery-rota.json')),
      sprint: { start: '2026-01-05', lengthDays: 14 },
      planner: PLANNER,
    },
    support: SUPPORT_SETTINGS,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A task queue no other test uses, on any server, in any order. */
export function uniqueTaskQueue(name: string): string {
  return `${name}-${randomUUID()}`;
}

/** Runs `body` while a real worker polls `taskQueue` on the test server, then shuts the worker down. */
export async function withWorker<T>(
  env: TestWorkflowEnvironment,
  adapters: Omit<ActivityDeps, 'temporal' | 'leads' | 'taskQueue'>,
  taskQueue: string,
  body: () => Promise<T>,
): Promise<T> {
  const worker = await createLifecycleWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundlePath: WORKFLOW_BUNDLE_PATH,
    activities: createActivities({
      ...adapters,
      temporal: env.client,
      leads: new TemporalLeadDirectory(env.client),
      taskQueue,
    }),
  });
  return worker.runUntil(body());
}
