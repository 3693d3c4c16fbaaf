/**
 * The benchmark's worker, in a process of its own so that its memory is measured apart from the driver's: the
 * lifecycle worker exactly as `npm run worker` builds it (local adapters, encrypted payloads), and beside it, when
 * asked, the bare-shape worker on its own task queue. Prints one `ready` line, stops on SIGTERM.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { encryptingDataConverter, payloadCodecFrom } from '../codec/payload-codec';
import { createActivityDeps } from '../worker/adapters';
import { loadConfig } from '../worker/config';
import { createLifecycleWorker, PAYLOAD_CONVERTER_PATH } from '../worker/create-worker';
import { createBareActivities } from './bare-activities';

export interface BenchWorkerSettings {
  lifecycleBundle: string;
  bareBundle?: string;
  bareTaskQueue?: string;
  maxCachedWorkflows?: number;
  /** The worker process's V8 heap limit in MiB, given to node as it starts (read by bench/processes.ts). */
  heapMb?: number;
}

export const SETTINGS_VARIABLE = 'BENCH_WORKER_SETTINGS';

async function main(): Promise<void> {
  const settings = JSON.parse(process.env[SETTINGS_VARIABLE] ?? '{}') as BenchWorkerSettings;
  Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } });
  const config = loadConfig(process.env);
  const codec = payloadCodecFrom(process.env);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection: clientConnection, dataConverter: encryptingDataConverter(codec) });
  const workers = [
    await createLifecycleWorker({
      connection,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities(createActivityDeps(config, temporal)),
      workflowBundlePath: settings.lifecycleBundle,
      payloadCodec: codec,
      maxCachedWorkflows: settings.maxCachedWorkflows,
    }),
  ];
  if (settings.bareBundle && settings.bareTaskQueue) {
    workers.push(
      await Worker.create({
        connection,
        taskQueue: settings.bareTaskQueue,
        activities: createBareActivities(),
        workflowBundle: { codePath: settings.bareBundle },
        dataConverter: { payloadConverterPath: PAYLOAD_CONVERTER_PATH, ...encryptingDataConverter(codec) },
        ...(settings.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: settings.maxCachedWorkflows }),
      }),
    );
  }
  const running = Promise.all(workers.map((worker) => worker.run()));
  process.stdout.write('ready\n');
  await running;
  await clientConnection.close();
  await connection.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
