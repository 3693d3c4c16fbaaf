import type { Client } from '@temporalio/client';
import { historyCosts, meanCosts, type HistoryCosts } from './history';
import { driveBare, driveLifecycle } from './drive';

export type Shape = 'lifecycle' | 'bare';

export interface Batch {
  shape: Shape;
  workflows: number;
  seconds: number;
  perSecond: number;
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
): Promise<{ batch: Batch; workflowIds: string[] }> {
  const started = performance.now();
  const workflowIds = await Promise.all(
    Array.from({ length: count }, () =>
      shape === 'lifecycle'
        ? driveLifecycle(client, queues.lifecycle, queues.recording)
        : driveBare(client, queues.bare, queues.recording, queues.activitiesAt),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  return { batch: { shape, workflows: count, seconds, perSecond: count / seconds }, workflowIds };
}
