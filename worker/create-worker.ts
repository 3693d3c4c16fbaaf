import { NativeConnection, Worker, type ActivityInterceptorsFactory, type WorkerOptions } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import type { createActivities } from '../activities';
import { encryptingDataConverter } from '../codec/payload-codec';
import { HeartbeatWhileRunning } from './heartbeat-interceptor';

export const DEFAULT_TASK_QUEUE = 'customer-lifecycle';

const WORKFLOWS_PATH = require.resolve('../workflows');

/** Also given to bundleWorkflowCode wherever a bundle is built ahead (tests, replay). */
export const PAYLOAD_CONVERTER_PATH = require.resolve('../workflows/payload-converter');

/**
 * Workflow interceptor modules every worker loads: the engine's workflow-side counters. A pre-built bundle must be
 * built with them (WORKFLOW_BUNDLE_OPTIONS), as the tests' global setup does.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/metrics-interceptor')];

/**
 * Workflow modules evaluated once per worker thread and shared by every run in it, instead of afresh for each run:
 * building the zod schemas of the workflow modules took a sixth of a lead's workflow-thread time, again for every
 * run and every replay after eviction. Safe because these modules keep no state of their own at module level.
 * The SDK freezes what a shared module exports, and a frozen zod schema cannot parse, so these modules keep their
 * schemas private and export functions instead (test/workflows/shared-modules.test.ts checks both).
 */
export const SHARED_WORKFLOW_MODULES = [WORKFLOWS_PATH];

/** What every bundle of the workflows is built with (`bundleWorkflowCode`), as the worker bundles them at start. */
export const WORKFLOW_BUNDLE_OPTIONS = {
  workflowsPath: WORKFLOWS_PATH,
  payloadConverterPath: PAYLOAD_CONVERTER_PATH,
  workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
  preloadModules: SHARED_WORKFLOW_MODULES,
};

export interface LifecycleWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  activities: ReturnType<typeof createActivities>;
  /** A pre-built bundle (tests build one per run); otherwise the workflows are bundled from source. */
  workflowBundlePath?: string;
  /** Counting interceptors around activities (worker/metrics.ts). */
  activityInterceptors?: ActivityInterceptorsFactory[];
  /** Encrypts every payload this worker sends (codec/payload-codec.ts); tests without one see plain payloads. */
  payloadCodec?: PayloadCodec;
  /** Workflows kept in memory between tasks; the SDK's default (sized from the heap) when not given. */
  maxCachedWorkflows?: number;
}

/** The one place the worker's shape is decided, shared by `npm start`, `npm run worker` and the tests. */
export async function createLifecycleWorker(options: LifecycleWorkerOptions): Promise<Worker> {
  const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> =
    options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : {
          workflowsPath: WORKFLOW_BUNDLE_OPTIONS.workflowsPath,
          bundlerOptions: { preloadModules: SHARED_WORKFLOW_MODULES },
        };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    activities: options.activities,
    dataConverter: {
      payloadConverterPath: PAYLOAD_CONVERTER_PATH,
      ...(options.payloadCodec ? encryptingDataConverter(options.payloadCodec) : {}),
    },
    ...workflows,
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    interceptors: {
      ...(options.workflowBundlePath ? {} : { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }),
      activity: [() => ({ inbound: new HeartbeatWhileRunning() }), ...(options.activityInterceptors ?? [])],
    },
  });
}
