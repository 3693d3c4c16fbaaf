import { msToTs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { closeLead, completeGate, getLeadState, startLead } from '../../client/lifecycle';
import { describeStrategySchedule } from '../../client/schedules';
import type { GateRequest } from '../../workflows/gates';
import { runCliWith } from '../support/cli';
import { aLead, BY, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { localAdapters, uniqueTaskQueue, withWorker, type LocalAdapters } from '../support/worker';
import { DAY_MS } from '../../workflows/durations';

let env: TestWorkflowEnvironment;
let adapters: LocalAdapters;

beforeAll(async () => {
  env = await startDevServer();
  adapters = await localAdapters();
});
afterAll(async () => {
  await env?.teardown();
  await adapters?.cleanup();
});

/** The times the schedule's spec matches in a window, as the server computes them (jitter is added at firing). */
async function firingsWithin(scheduleId: string, fromMs: number, days: number): Promise<number> {
  const response = await env.client.workflowService.listScheduleMatchingTimes({
    namespace: 'default',
    scheduleId,
    startTime: msToTs(fromMs),
    endTime: msToTs(fromMs + days * DAY_MS),
  });
  return response.startTime?.length ?? 0;
}

test('a client-epic client gets a quarterly strategy schedule at close: 12 reviews in three years, gone when it ends', () => {
  const taskQueue = uniqueTaskQueue('strategy-e2e');
  return withWorker(env, adapters, taskQueue, async () => {
    const { workflowId, lead } = await startLead(env.client, aLead({ organisation: 'Hedera University' }), {
      taskQueue,
    });
    const close = gatesToBilling[4] as Extract<GateRequest, { stage: 'close' }>;
    for (const gate of gatesToBilling.slice(0, 4)) await completeGate(env.client, workflowId, gate);
    await completeGate(env.client, workflowId, { ...close, evidence: { ...close.evidence, clientEpic: true } });

    const state = await eventually(
      () => getLeadState(env.client, workflowId),
      (s) => s.strategySchedule !== undefined || s.problems.length > 0,
    );
    expect(state.problems).toEqual([]);
    const scheduleId = `strategy-${workflowId}`;
    expect(state.strategySchedule).toEqual({ scheduleId, status: 'active' });

    const details = await describeStrategySchedule(env.client, scheduleId);
    expect(details).toMatchObject({
      organisation: 'Hedera University',
      everyMs: 91 * DAY_MS,
      input: { clientOwner: 'dev@example.com' },
    });
    // From just after its creation (a match at the creation instant itself never fires) over three years.
    const { createdAt } = (await env.client.schedule.getHandle(scheduleId).describe()).info;
    expect(await firingsWithin(scheduleId, createdAt.getTime() + 1000, 3 * 365)).toBe(12);

    const described = await runCliWith(env.client, ['schedules', 'describe', scheduleId]);
    expect(described.stdout).toContain('Every 91 days');
    const listed = await eventually(
      () => runCliWith(env.client, ['--json', 'schedules', 'list']),
      (run) => run.stdout.includes(scheduleId),
    );
    expect(JSON.parse(listed.stdout)).toContainEqual(expect.objectContaining({ scheduleId, paused: false }));

    await closeLead(env.client, workflowId, { outcome: 'lost', reason: `${lead.organisation} moved in-house`, by: BY });
    await eventually(
      () => describeStrategySchedule(env.client, scheduleId),
      (remaining) => remaining === undefined,
    );
    expect(await describeStrategySchedule(env.client, scheduleId)).toBeUndefined();
    const gone = await runCliWith(env.client, ['schedules', 'describe', scheduleId]);
    expect(gone.code).toBe(3);
  });
});
