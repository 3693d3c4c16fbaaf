import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { createActivities } from '../activities';
import { HeartbeatWhileRunning } from './heartbeat-interceptor';

export const DEFAULT_TASK_QUEUE = 'customer-lifecycle';

/** Also given to bundleWorkflowCode wherever a bundle is built ahead (tests, replay). */
export const PAYLOAD_CONVERTER_PATH = require.resolve('../workflows/payload-converter');

export interface LifecycleWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  activities: ReturnType<typeof createActivities>;
  /** A pre-built bundle (tests build one per run); otherwise the workflows are bundled from source. */
  workflowBundlePath?: string;
}

/** The one place the worker's shape is decided, shared by `npm start`, `npm run worker` and the tests. */
export async function createLifecycleWorker(options: LifecycleWorkerOptions): Promise<Worker> {
  const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    activities: options.activities,
    dataConverter: { payloadConverterPath: PAYLOAD_CONVERTER_PATH },
    interceptors: { activity: [() => ({ inbound: new HeartbeatWhileRunning() })] },
    ...workflows,
  });
}
