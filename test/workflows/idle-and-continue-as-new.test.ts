import type { TestWorkflowEnvironment } from '@temporalio/testing';
import path from 'node:path';
import { completeGate, getLeadState, leadHandle, scheduleFollowUp, startLead } from '../../client/lifecycle';
import { LEAD_IDLE } from '../../workflows/search-attributes';
import { aLead, gatesToBilling } from '../support/leads';
import { readOutbox } from '../support/outbox';
import { eventually } from '../support/poll';
import { startTimeSkippingServer } from '../support/servers';
import { localAdapters, uniqueTaskQueue, withWorker, type LocalAdapters } from '../support/worker';

let env: TestWorkflowEnvironment;
let adapters: LocalAdapters;

beforeEach(async () => {
  env = await startTimeSkippingServer();
  adapters = await localAdapters();
});
afterEach(async () => {
  await env.teardown();
  await adapters.cleanup();
});

function run<T>(body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = uniqueTaskQueue('idle');
  return withWorker(env, adapters, taskQueue, () => body(taskQueue));
}

const outbox = () => readOutbox(path.join(adapters.dir, 'outbox'));
const idleWarnings = async () => (await outbox()).filter((mail) => mail.subject.includes('has had no activity'));

describe('idle leads', () => {
  test('a stage untouched for its limit flags the lead and warns the owner once; the next move clears it', () =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(env.client, aLead(), { taskQueue });
      await completeGate(env.client, workflowId, gatesToBilling[0]);

      await env.sleep('20 days');
      expect((await getLeadState(env.client, workflowId)).idle).toBeUndefined();
      expect(await idleWarnings()).toHaveLength(0);

      await env.sleep('2 days');
      const flagged = await eventually(
        () => getLeadState(env.client, workflowId),
        (state) => state.idle !== undefined,
      );
      expect(flagged.idle).toMatchObject({ stage: 'assess-needs', idleDays: 21 });
      const description = await leadHandle(env.client, workflowId).describe();
      expect(description.typedSearchAttributes.get(LEAD_IDLE)).toBe(true);
      const warnings = await idleWarnings();
      expect(warnings).toHaveLength(1);
      expect(warnings[0].to).toEqual(['bizdev@example.com']);

      await env.sleep('30 days');
      expect(await idleWarnings()).toHaveLength(1);

      const moved = await completeGate(env.client, workflowId, gatesToBilling[1]);
      expect(moved.idle).toBeUndefined();
    }));

  test('the idle limit is configurable per stage', () =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(env.client, aLead(), {
        taskQueue,
        idleDays: { 'prospect-qualification': 2 },
      });
      await env.sleep('3 days');
      const state = await eventually(
        () => getLeadState(env.client, workflowId),
        (s) => s.idle !== undefined,
      );
      expect(state.idle).toMatchObject({ stage: 'prospect-qualification', idleDays: 2 });
    }));
});

test('continue-as-new keeps the state, the stage history and the pending follow-up timer', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(env.client, aLead(), { taskQueue, continueAsNewAfterEvents: 40 });
    const handle = leadHandle(env.client, workflowId);
    const firstRun = (await handle.describe()).runId;
    await completeGate(env.client, workflowId, gatesToBilling[0]);
    const followUp = await scheduleFollowUp(env.client, workflowId, { reason: 'Chase the SSO details', inDays: 10 });
    for (let i = 0; i < 8; i++) await scheduleFollowUp(env.client, workflowId, { reason: `Filler ${i}`, inDays: 200 });

    const handedOver = await eventually(
      () => handle.describe(),
      (description) => description.runId !== firstRun,
    );
    expect(handedOver.runId).not.toBe(firstRun);
    const state = await getLeadState(env.client, workflowId);
    expect(state.stage).toBe('assess-needs');
    expect(state.history.map((record) => record.stage)).toEqual([
      'generating-leads',
      'prospect-qualification',
      'assess-needs',
    ]);
    expect(state.rubric?.total).toBe(24);

    await env.sleep('11 days');
    const reminders = await eventually(outbox, (mails) => mails.some((mail) => mail.subject.includes('follow up')));
    expect(reminders.filter((mail) => mail.subject.includes('follow up'))).toHaveLength(1);
    const after = await getLeadState(env.client, workflowId);
    expect(after.followUps.find((f) => f.id === followUp.id)?.reminders).toBe(1);
  }));
