import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { completeGate, startLead } from '../client/lifecycle';
import { aLead, gatesToBilling } from '../test/support/leads';
import { memoryOf } from './processes';
import { inParallel, median } from './stats';

/** Leads started at once while filling the worker: enough to keep two cores busy, few enough not to time out. */
const STARTING_AT_ONCE = 50;
/** Gates sent to parked leads at each point, to see that a full worker still answers. */
const PROBE_GATES = 20;

export interface ScalePoint {
  openLeads: number;
  workerRssBytes: number;
  workerPeakRssBytes: number;
  serverRssBytes: number;
  /** Time to start this point's new leads and see them all parked in Prospect Qualification. */
  fillSeconds: number;
  /** Median completeGate round trip on a lead parked at this point (the first gate, Prospect Qualification). */
  gateAtScaleMedianMs: number;
}

async function parkedCount(client: Client, taskQueue: string): Promise<number> {
  const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running' AND LifecycleStage = 'Prospect Qualification'`;
  return (await client.workflow.count(query)).count;
}

/** Fills one worker with open leads, point by point, and reads both processes' memory at each. */
export async function scalePoints(
  client: Client,
  taskQueue: string,
  points: number[],
  pids: { worker: number; server: number },
  report: (point: ScalePoint) => void,
): Promise<ScalePoint[]> {
  const results: ScalePoint[] = [];
  const leads: string[] = [];
  for (const target of points) {
    const started = performance.now();
    const missing = Array.from({ length: Math.max(0, target - leads.length) }, () => aLead());
    leads.push(
      ...(await inParallel(
        missing,
        STARTING_AT_ONCE,
        async (lead) => (await startLead(client, lead, { taskQueue })).workflowId,
      )),
    );
    // Parked means its first workflow task ran: the worker holds it, and visibility shows its stage.
    while ((await parkedCount(client, taskQueue)) + results.length * PROBE_GATES < target) await sleep(1000);
    const fillSeconds = (performance.now() - started) / 1000;
    const probes: number[] = [];
    for (const workflowId of leads.slice(results.length * PROBE_GATES, (results.length + 1) * PROBE_GATES)) {
      const sent = performance.now();
      await completeGate(client, workflowId, gatesToBilling[0]);
      probes.push(performance.now() - sent);
    }
    const worker = await memoryOf(pids.worker);
    const server = await memoryOf(pids.server);
    const point: ScalePoint = {
      openLeads: leads.length,
      workerRssBytes: worker.rssBytes,
      workerPeakRssBytes: worker.peakRssBytes,
      serverRssBytes: server.rssBytes,
      fillSeconds,
      gateAtScaleMedianMs: median(probes),
    };
    report(point);
    results.push(point);
  }
  return results;
}
