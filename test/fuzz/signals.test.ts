import { isDeepStrictEqual } from 'node:util';
import { getLeadState, leadHandle } from '../../client/lifecycle';
import type { GatedStage } from '../../workflows/gates';
import { closeLeadSignal, gateSignal } from '../../workflows/messages';
import type { LifecycleState } from '../../workflows/state';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';
import { fuzz } from './fuzz-run';
import { leadIn, SALES_TO_BILLING, workflowTaskFailures } from './leads-in-stages';
import { malformed, namesField, type MalformedCase } from './malformed';
import { CLOSE_SPEC, malformedGate, VALID_CLOSE } from './requests';

/**
 * Malformed Signals (the fire-and-forget twins of the gate and close Updates) to leads in every stage on a real dev
 * server: a Signal has nobody to answer, so each must be recorded as a rejection on the lead naming the field, with
 * nothing else changed, and no workflow task may fail on it.
 */
const suite = testServer('shared', startDevServer, 'fuzz-signals');

const GATE_SIGNALS_PER_STAGE = 30;
const CLOSE_SIGNALS = 40;

function withoutRejections({ rejected: _rejected, ...state }: LifecycleState) {
  return state;
}

function signalRecordedAsRejection(workflowId: string, send: (request: never) => Promise<void>) {
  return async ({ request, field, mutation }: MalformedCase): Promise<void> => {
    const before = await getLeadState(suite.env.client, workflowId);
    await send(request as never);
    // Only the latest rejections are kept: a new one shows as a different last entry (each has its own time).
    const after = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (state) => !isDeepStrictEqual(state.rejected.at(-1), before.rejected.at(-1)),
    );
    const rejection = after.rejected.at(-1);
    if (!rejection || isDeepStrictEqual(rejection, before.rejected.at(-1))) {
      throw new Error(`${mutation}: no rejection was recorded on the lead`);
    }
    if (!namesField(rejection.reason, field)) {
      throw new Error(
        `${mutation}: the rejection does not name ${JSON.stringify(field.slice(0, 80))}: ${rejection.reason}`,
      );
    }
    expect(withoutRejections(after)).toEqual(withoutRejections(before));
  };
}

test(`malformed gate Signals, ${GATE_SIGNALS_PER_STAGE} per stage: each recorded as a rejection naming the field, nothing else changed`, () =>
  suite.run(async (taskQueue) => {
    const leads = new Map<GatedStage, string>();
    for (const stage of SALES_TO_BILLING) leads.set(stage, await leadIn(suite.env.client, taskQueue, stage));
    let tried = 0;
    for (const [stage, workflowId] of leads) {
      const handle = leadHandle(suite.env.client, workflowId);
      tried += await fuzz(
        `gate Signals in ${stage}`,
        malformedGate(stage),
        GATE_SIGNALS_PER_STAGE,
        signalRecordedAsRejection(workflowId, (request) => handle.signal(gateSignal, request)),
      );
    }
    expect(tried).toBeGreaterThanOrEqual(GATE_SIGNALS_PER_STAGE * SALES_TO_BILLING.length);
    for (const workflowId of leads.values()) expect(await workflowTaskFailures(suite.env.client, workflowId)).toBe(0);
  }));

test(`malformed close Signals, ${CLOSE_SIGNALS} in all: each recorded as a rejection naming the field, the lead still open`, () =>
  suite.run(async (taskQueue) => {
    const leads = [
      await leadIn(suite.env.client, taskQueue, 'proposal'),
      await leadIn(suite.env.client, taskQueue, 'development'),
    ];
    let tried = 0;
    for (const workflowId of leads) {
      const handle = leadHandle(suite.env.client, workflowId);
      tried += await fuzz(
        `close Signals in ${(await getLeadState(suite.env.client, workflowId)).stage}`,
        malformed(VALID_CLOSE, CLOSE_SPEC, { root: 'close request' }),
        CLOSE_SIGNALS / 2,
        signalRecordedAsRejection(workflowId, (request) => handle.signal(closeLeadSignal, request)),
      );
    }
    expect(tried).toBeGreaterThanOrEqual(CLOSE_SIGNALS);
    for (const workflowId of leads) expect(await workflowTaskFailures(suite.env.client, workflowId)).toBe(0);
  }));
