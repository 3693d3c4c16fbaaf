import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import type { createActivities } from '../activities';
import { encryptingDataConverter } from '../codec/payload-codec';

export const DEFAULT_TASK_QUEUE = 'customer-lifecycle';

export interface LifecycleWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  activities: ReturnType<typeof createActivities>;
  /** A pre-built bundle (tests build one per run); otherwise the workflows are bundled from source. */
  workflowBundlePath?: string;
  /** Encrypts every payload this worker sends (codec/payload-codec.ts); tests without one see plain payloads. */
  payloadCodec?: PayloadCodec;
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
    ...(options.payloadCodec ? { dataConverter: encryptingDataConverter(options.payloadCodec) } : {}),
    ...workflows,
  });
}
