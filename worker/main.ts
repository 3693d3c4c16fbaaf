/**
 * `npm run worker`: the worker alone, against the Temporal server named by TEMPORAL_ADDRESS. `npm start` runs the
 * same function next to a dev server of its own.
 */
import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import { ensureAximReportSchedule } from '../client/axim-schedule';
import { createActivityDeps } from './adapters';
import { describeConfig, loadConfig, type AppConfig } from './config';
import { createLifecycleWorker } from './create-worker';
import { describeMemory } from './memory';
import { EngineMetrics, installRuntime, loadMetricsConfig } from './metrics';
import { encryptingDataConverter, payloadCodecFrom } from '../codec/payload-codec';

/** Polls until the process is asked to stop (SIGINT/SIGTERM), then drains in-flight work and returns. */
export async function runWorker(
  config: AppConfig,
  connection: NativeConnection,
  payloadCodec: PayloadCodec,
): Promise<void> {
  // Activities that manage Schedules need the ordinary client; the worker itself polls over the native connection.
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  try {
    const temporal = new Client({
      connection: clientConnection,
      namespace: config.temporal.namespace,
      dataConverter: encryptingDataConverter(payloadCodec),
    });
    const metrics = EngineMetrics.fromRuntime();
    // The handbook's "every sprint or two" status update on Axim referrals, wherever a worker runs. A server that
    // cannot keep Schedules (Temporal's time-skipping test server) still gets a worker for its leads.
    try {
      await ensureAximReportSchedule(temporal, {
        taskQueue: config.temporal.taskQueue,
        everyDays: config.sprint.lengthDays,
        to: config.bizdevEmail,
      });
    } catch (error) {
      console.warn(`Axim report schedule not set up: ${error instanceof Error ? error.message : String(error)}`);
    }
    const worker = await createLifecycleWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities(createActivityDeps(config, temporal, metrics)),
      activityInterceptors: [metrics.activityInterceptor()],
      payloadCodec,
      maxCachedWorkflows: config.maxCachedWorkflows,
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
  const codec = payloadCodecFrom(process.env);
  console.log(`Worker for ${config.temporal.address}, task queue ${config.temporal.taskQueue}`);
  console.log(`Adapters:\n${describeConfig(config)}`);
  console.log(`Metrics:  ${metrics.bindAddress ? `http://${metrics.bindAddress}/metrics` : 'off (METRICS_PORT=off)'}`);
  console.log(`Payloads: encrypted (AES-256-GCM) with key ${codec.keyId}`);
  console.log(
    `Memory:   ${describeMemory(config.maxCachedWorkflows, { execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS })}`,
  );
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    await runWorker(config, connection, codec);
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
