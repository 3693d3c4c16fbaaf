import type { Client } from '@temporalio/client';
import { historyCosts, meanCosts, type HistoryCosts } from './history';
import { driveBare, driveLifecycle } from './drive';
import { cpuMsOf } from './processes';

export type Shape = 'lifecycle' | 'bare';

export interface Batch {
  shape: Shape;
  workflows: number;
  seconds: number;
  perSecond: number;
  /** CPU time the worker process (every thread) and the dev server used per conversation, in ms. */
  workerCpuMs: number;
  serverCpuMs: number;
}

/** The processes whose CPU time a batch measures. */
export interface MeasuredPids {
  worker: number;
  server: number;
}

export interface ShapeQueues {
  lifecycle: string;
  bare: string;
  recording: string;
  /** The bare shape's activities per Update, from the calibration lifecycle. */
  activitiesAt: number[];
}

export async function costsOf(client: Client, workflowIds: string[]): Promise<HistoryCosts> {
  const all = await Promise.all(
    workflowIds.map(async (id) => historyCosts((await client.workflow.getHandle(id).fetchHistory()).events ?? [])),
  );
  return meanCosts(all);
}

/** One lifecycle alone, first: its history says how many activities the bare shape runs at each Update. */
export async function calibrate(client: Client, queues: Omit<ShapeQueues, 'activitiesAt'>): Promise<HistoryCosts> {
  const workflowId = await driveLifecycle(client, queues.lifecycle, queues.recording);
  return costsOf(client, [workflowId]);
}

/** `count` whole conversations at once; wall time from the first start to the last completion. */
export async function batch(
  client: Client,
  shape: Shape,
  count: number,
  queues: ShapeQueues,
  pids: MeasuredPids,
): Promise<{ batch: Batch; workflowIds: string[] }> {
  const cpuBefore = await Promise.all([cpuMsOf(pids.worker), cpuMsOf(pids.server)]);
  const started = performance.now();
  const workflowIds = await Promise.all(
    Array.from({ length: count }, () =>
      shape === 'lifecycle'
        ? driveLifecycle(client, queues.lifecycle, queues.recording)
        : driveBare(client, queues.bare, queues.recording, queues.activitiesAt),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = await Promise.all([cpuMsOf(pids.worker), cpuMsOf(pids.server)]);
  const [workerCpuMs, serverCpuMs] = cpuAfter.map((after, index) => (after - (cpuBefore[index] ?? 0)) / count);
  return {
    batch: {
      shape,
      workflows: count,
      seconds,
      perSecond: count / seconds,
      workerCpuMs: workerCpuMs ?? 0,
      serverCpuMs: serverCpuMs ?? 0,
    },
    workflowIds,
  };
}
