import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { completeGate, startLead } from '../client/lifecycle';
import { STAGE_LABELS } from '../workflows/stages';
import { bareGateUpdate, bareLifecycle } from './bare-workflow';
import { aLead, gatesToBilling } from '../test/support/leads';

/**
 * How often a caller asks visibility whether the new stage shows yet: the lag's resolution. Visibility is asked in
 * a pass of its own, so that 50 callers polling it do not slow the Updates the other pass measures.
 */
const VISIBILITY_POLL_MS = 20;
/** The sales gates, Prospect Qualification to Close: each answers at once, with no invoice to wait for. */
const SALES_GATES = gatesToBilling.slice(0, 5);

export interface GateLatencies {
  /** completeGate sent to its answer, ms (only in the pass that does not ask visibility). */
  updateMs: number[];
  /** The answer received to a visibility query (`LifecycleStage = ...`) finding the lead in its new stage, ms. */
  visibleMs: number[];
}

async function visibleAfter(client: Client, workflowId: string, stageLabel: string): Promise<number> {
  const answered = performance.now();
  const query = `WorkflowId = '${workflowId}' AND LifecycleStage = '${stageLabel}'`;
  while ((await client.workflow.count(query)).count === 0) await sleep(VISIBILITY_POLL_MS);
  return performance.now() - answered;
}

/**
 * `callers` people at once, each taking a lead of their own through the sales gates, one gate after another; with
 * `askVisibility`, each caller then waits for the list query to show the new stage before the next gate.
 */
export async function gateLatencies(
  client: Client,
  taskQueue: string,
  callers: number,
  askVisibility: boolean,
): Promise<GateLatencies> {
  const leads = await Promise.all(
    Array.from({ length: callers }, async () => (await startLead(client, aLead(), { taskQueue })).workflowId),
  );
  const result: GateLatencies = { updateMs: [], visibleMs: [] };
  await Promise.all(
    leads.map(async (workflowId) => {
      for (const gate of SALES_GATES) {
        const sent = performance.now();
        const state = await completeGate(client, workflowId, gate);
        // The Update's own figure comes from the pass that leaves visibility alone.
        if (askVisibility) result.visibleMs.push(await visibleAfter(client, workflowId, STAGE_LABELS[state.stage]));
        else result.updateMs.push(performance.now() - sent);
      }
    }),
  );
  return result;
}

/**
 * The floor under the gate's figure: the same callers, each sending the same five gates to a bare-shape workflow of
 * its own whose handler runs nothing (no state machine, no activities). What is left is what Temporal itself, the
 * worker's and the server's share of these cores, takes to answer an Update at this concurrency.
 */
export async function bareGateLatencies(client: Client, taskQueue: string, callers: number): Promise<number[]> {
  const handles = await Promise.all(
    Array.from({ length: callers }, () =>
      client.workflow.start(bareLifecycle, {
        taskQueue,
        workflowId: `bare-latency-${aLead().email}`,
        args: [{ activitiesAt: [] }],
      }),
    ),
  );
  const updateMs: number[] = [];
  await Promise.all(
    handles.map(async (handle) => {
      for (const gate of SALES_GATES) {
        const sent = performance.now();
        await handle.executeUpdate(bareGateUpdate, { args: [gate] });
        updateMs.push(performance.now() - sent);
      }
      await handle.terminate('latency measured');
    }),
  );
  return updateMs;
}
