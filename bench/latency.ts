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
/** How often the paced pass asks whether a new lead's first steps are done. */
const SETTLE_POLL_MS = 50;
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

/** Until the lead has no workflow task and no activity pending: what its arrival set off is done. */
async function settled(client: Client, workflowId: string): Promise<void> {
  for (;;) {
    const { raw } = await client.workflow.getHandle(workflowId).describe();
    if (!raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0) return;
    await sleep(SETTLE_POLL_MS);
  }
}

/**
 * How long a caller takes between one answer and its next gate, in the paced pass: `thinkMs` give or take half, drawn
 * for each gate so that the callers do not move in step; the first gate waits up to `thinkMs`.
 */
function thinkTime(thinkMs: number, first: boolean): number {
  return first ? Math.random() * thinkMs : thinkMs * (0.5 + Math.random());
}

/**
 * `callers` people at once, each taking a lead of their own through the sales gates, one gate after another; with
 * `askVisibility`, each caller then waits for the list query to show the new stage before the next gate. With
 * `thinkMs`, each caller pauses about that long before each gate, as a person does between two clicks; without it,
 * each sends its next gate the moment the last is answered, which keeps `callers` Updates in flight at all times.
 */
export async function gateLatencies(
  client: Client,
  taskQueue: string,
  callers: number,
  askVisibility: boolean,
  thinkMs = 0,
): Promise<GateLatencies> {
  const leads = await Promise.all(
    Array.from({ length: callers }, async () => (await startLead(client, aLead(), { taskQueue })).workflowId),
  );
  // People act on a lead some time after it arrived: the paced pass lets the new leads' own first steps finish.
  if (thinkMs > 0) await Promise.all(leads.map((workflowId) => settled(client, workflowId)));
  const result: GateLatencies = { updateMs: [], visibleMs: [] };
  await Promise.all(
    leads.map(async (workflowId) => {
      for (const [index, gate] of SALES_GATES.entries()) {
        if (thinkMs > 0) await sleep(thinkTime(thinkMs, index === 0));
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
