/**
 * `npm run worker`: the worker alone, against the Temporal server named by TEMPORAL_ADDRESS. `npm start` runs the
 * same function next to a dev server of its own.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import { ensureAximReportSchedule } from '../client/axim-schedule';
import { createActivityDeps } from './adapters';
import { describeConfig, loadConfig, type AppConfig } from './config';
import { createLifecycleWorker } from './create-worker';
import { EngineMetrics, installRuntime, loadMetricsConfig } from './metrics';

/** Polls until the process is asked to stop (SIGINT/SIGTERM), then drains in-flight work and returns. */
export async function runWorker(config: AppConfig, connection: NativeConnection): Promise<void> {
  // Activities that manage Schedules need the ordinary client; the worker itself polls over the native connection.
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  try {
    const temporal = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
    // The handbook's "every sprint or two" status update on Axim referrals, wherever a worker runs.
    await ensureAximReportSchedule(temporal, {
      taskQueue: config.temporal.taskQueue,
      everyDays: config.sprint.lengthDays,
      to: config.bizdevEmail,
    });
    const metrics = EngineMetrics.fromRuntime();
    const worker = await createLifecycleWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities(createActivityDeps(config, temporal, metrics)),
      activityInterceptors: [metrics.activityInterceptor()],
    });
    await worker.run();
  } finally {
    await clientConnection.close();
  }
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const metrics = loadMetricsConfig(process.env);
  installRuntime(metrics);
  console.log(`Worker for ${config.temporal.address}, task queue ${config.temporal.taskQueue}`);
  console.log(`Adapters:\n${describeConfig(config)}`);
  console.log(`Metrics:  ${metrics.bindAddress ? `http://${metrics.bindAddress}/metrics` : 'off (METRICS_PORT=off)'}`);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    await runWorker(config, connection);
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
