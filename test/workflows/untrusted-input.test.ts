import { WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { customerLifecycle } from '../../workflows';
import { getLeadState, leadHandle, startLead } from '../../client/lifecycle';
import { gateSignal } from '../../workflows/messages';
import { aLead, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';
import { timeSkippingServerPerTest } from '../support/test-server';

/** A lead must keep answering whatever arrives by Signal, and must not start on input it cannot trust. */
const suite = timeSkippingServerPerTest('untrusted-input');
const { run } = suite;

async function workflowTaskFailures(workflowId: string): Promise<number> {
  const history = await leadHandle(suite.env.client, workflowId).fetchHistory();
  return (history.events ?? []).filter(
    (event) => event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  ).length;
}

test('a gate Signal whose payload cannot be decoded is recorded as rejected, and the lead still moves', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    await suite.env.client.workflowService.signalWorkflowExecution({
      namespace: suite.env.namespace ?? 'default',
      workflowExecution: { workflowId },
      signalName: 'gate',
      input: {
        payloads: [
          {
            metadata: { encoding: new TextEncoder().encode('json/plain') },
            data: new TextEncoder().encode('{"stage": "prospect-'),
          },
        ],
      },
      identity: 'a broken integration',
    });
    const rejected = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (state) => state.rejected.length > 0,
    );
    expect(rejected.rejected[0]).toMatchObject({ change: 'gate (undecodable)' });
    expect(rejected.rejected[0].reason).toContain('could not be decoded');
    await leadHandle(suite.env.client, workflowId).signal(gateSignal, gatesToBilling[0]);
    await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (state) => state.stage === 'assess-needs',
    );
    expect(await workflowTaskFailures(workflowId)).toBe(0);
  }));

test('thirty 100 KB Signals keep the lead small: rejections are kept short and only the latest are kept', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const huge = 'x'.repeat(100_000);
    const handle = leadHandle(suite.env.client, workflowId);
    for (let index = 0; index < 30; index++) {
      await handle.signal(gateSignal, { stage: huge, by: 'intruder@example.com', evidence: {} } as never);
    }
    const state = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (s) => s.rejected.length >= 20,
    );
    expect(state.rejected).toHaveLength(20);
    expect(JSON.stringify(state).length).toBeLessThan(64 * 1024);
    expect(state.rejected[0].change.length).toBeLessThanOrEqual(120);
    expect(await workflowTaskFailures(workflowId)).toBe(0);
  }));

test('a Signal whose fields misbehave when read is rejected, not thrown', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    await leadHandle(suite.env.client, workflowId).signal(gateSignal, { stage: { toString: 1 } } as never);
    const state = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (s) => s.rejected.length > 0,
    );
    expect(state.rejected[0].reason).toContain('stage');
    expect(await workflowTaskFailures(workflowId)).toBe(0);
  }));

describe('start input is validated: nothing but the workflow itself hands over a state', () => {
  async function startFailure(args: Record<string, unknown>, taskQueue: string): Promise<string> {
    const lead = aLead();
    const handle = await suite.env.client.workflow.start(customerLifecycle, {
      workflowId: `lead-${lead.email}`,
      taskQueue,
      args: [{ lead, ...args }],
    });
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    return String((failure as WorkflowFailedError).cause?.message);
  }

  test('a forged resume that would start a lead as Won is refused', () =>
    run(async (taskQueue) => {
      const forged = { ...aLead(), stage: 'won', clientOwner: 'mallory@example.com' };
      expect(await startFailure({ resume: forged }, taskQueue)).toContain(
        "resume: is set only by the workflow's own continue-as-new",
      );
    }));

  test('negative follow-up days and junk idle limits are refused, naming each field', () =>
    run(async (taskQueue) => {
      const message = await startFailure(
        { followUpDays: -5, idleDays: { proposal: 'soon', nowhere: 3 }, continueAsNewAfterEvents: 1 },
        taskQueue,
      );
      expect(message).toContain('followUpDays: must be more than 0 days');
      expect(message).toContain('idleDays.proposal: must be a number of days');
      expect(message).toContain('idleDays.nowhere: is not a known field');
      expect(message).toContain('continueAsNewAfterEvents: must be at least 20');
    }));
});
