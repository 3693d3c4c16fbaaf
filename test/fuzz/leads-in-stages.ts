import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { isDeepStrictEqual } from 'node:util';
import { completeGate, getLeadState, leadHandle, startLead } from '../../client/lifecycle';
import type { GatedStage, GateRequest } from '../../workflows/gates';
import type { LifecycleState } from '../../workflows/state';
import { aLead, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';

/** The gated stages in lifecycle order, each with the gate that completes it on a fixed-price Hedera lead. */
export const SALES_TO_BILLING: GatedStage[] = gatesToBilling.map((gate) => gate.stage).concat('billing');

/** A valid request for every gate, for sending to a lead that is somewhere else (a gate out of order). */
export const VALID_GATES: Record<GatedStage, GateRequest> = {
  ...(Object.fromEntries(gatesToBilling.map((gate) => [gate.stage, gate])) as Record<GatedStage, GateRequest>),
  billing: {
    stage: 'billing',
    by: 'admin@example.com',
    evidence: { invoiceRef: 'INV-hedera-final', hoursBilled: 320 },
  },
};

/**
 * Waits until the lead has nothing in flight (no activity pending, the same state twice in a row), so that whatever
 * changes after this was caused by what the test sent.
 */
export async function settled(client: Client, workflowId: string): Promise<LifecycleState> {
  let previous: LifecycleState | undefined;
  const quiet = await eventually(
    async () => {
      const [state, description] = await Promise.all([
        getLeadState(client, workflowId),
        leadHandle(client, workflowId).describe(),
      ]);
      const still = previous !== undefined && isDeepStrictEqual(previous, state);
      previous = state;
      return { state, still, pending: description.raw.pendingActivities?.length ?? 0 };
    },
    ({ still, pending }) => still && pending === 0,
    300,
  );
  if (!quiet.still || quiet.pending > 0) throw new Error(`${workflowId} did not settle: ${quiet.pending} pending`);
  return quiet.state;
}

/** A lead gated up to `stage` (each gate a real Update), with whatever entering it set off finished. */
export async function leadIn(client: Client, taskQueue: string, stage: GatedStage): Promise<string> {
  const { workflowId } = await startLead(client, aLead(), { taskQueue });
  for (const gate of gatesToBilling.slice(0, SALES_TO_BILLING.indexOf(stage))) {
    await completeGate(client, workflowId, gate);
  }
  const state = await settled(client, workflowId);
  if (state.stage !== stage) throw new Error(`${workflowId} is in ${state.stage}, not ${stage}`);
  return workflowId;
}

/** Every run of the lead, newest first, followed back through continue-as-new. */
async function runsOf(client: Client, workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[][]> {
  const runs: temporal.api.history.v1.IHistoryEvent[][] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    runs.push(events);
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
    if (!runId) return runs;
  }
}

/** How many workflow tasks failed in any run of the lead: a handler that threw, a nondeterminism, a decode error. */
export async function workflowTaskFailures(client: Client, workflowId: string): Promise<number> {
  const runs = await runsOf(client, workflowId);
  return runs
    .flat()
    .filter((event) => event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).length;
}
