import { TemporalLeadDirectory } from '../../activities/leads/temporal-lead-directory';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import path from 'node:path';
import { createActivities, type ActivityDeps } from '../../activities';
import { SmtpMailer } from '../../activities/email/smtp-mailer';
import { createLifecycleWorker } from '../../worker/create-worker';
import { WORKFLOW_BUNDLE_PATH } from './servers';
import type { LocalAdapters } from './worker';

/**
 * A worker on the dev server whose mail goes over real SMTP to the loopback peer on `smtpPort` (its sent-ledger in
 * `stateDir`); any other port can be swapped for a real adapter through `overrides`.
 */
export function smtpWorker(options: {
  env: TestWorkflowEnvironment;
  local: LocalAdapters;
  taskQueue: string;
  smtpPort: number;
  stateDir: string;
  overrides?: Partial<ActivityDeps>;
}) {
  const { env, local, taskQueue } = options;
  return createLifecycleWorker({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundlePath: WORKFLOW_BUNDLE_PATH,
    activities: createActivities({
      ...local,
      temporal: env.client,
      leads: new TemporalLeadDirectory(env.client),
      taskQueue,
      mailer: new SmtpMailer({
        host: '127.0.0.1',
        port: options.smtpPort,
        secure: false,
        from: 'Team <team@example.com>',
        stateDir: path.join(options.stateDir, 'state'),
      }),
      ...options.overrides,
    }),
  });
}
