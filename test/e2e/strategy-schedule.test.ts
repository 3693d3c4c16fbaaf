import { msToTs } from '@temporalio/common/lib/time';
import { closeLead, completeGate, getLeadState, startLead } from '../../client/lifecycle';
import { describeStrategySchedule } from '../../client/schedules';
import type { GateRequest } from '../../workflows/gates';
import { runCliWith } from '../support/cli';
import { aLead, BY, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';
import { testServer } from '../support/test-server';
import { startDevServer } from '../support/servers';
import { DAY_MS } from '../../rules/durations';

const suite = testServer('shared', startDevServer, 'strategy-e2e');

/** The times the schedule's spec matches in a window, as the server computes them (jitter is added at firing). */
async function firingsWithin(scheduleId: string, fromMs: number, days: number): Promise<number> {
  const response = await suite.env.client.workflowService.listScheduleMatchingTimes({
    namespace: 'default',
    scheduleId,
    startTime: msToTs(fromMs),
    endTime: msToTs(fromMs + days * DAY_MS),
  });
  return response.startTime?.length ?? 0;
}

test('a client-epic client gets a quarterly strategy schedule at close: 12 reviews in three years, gone when it ends', () => {
  return suite.run(async (taskQueue) => {
    const { workflowId, lead } = await startLead(suite.env.client, aLead({ organisation: 'Hedera University' }), {
      taskQueue,
    });
    const close = gatesToBilling[4] as Extract<GateRequest, { stage: 'close' }>;
    for (const gate of gatesToBilling.slice(0, 4)) await completeGate(suite.env.client, workflowId, gate);
    await completeGate(suite.env.client, workflowId, { ...close, evidence: { ...close.evidence, clientEpic: true } });

    const state = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (s) => s.strategySchedule !== undefined || s.problems.length > 0,
    );
    expect(state.problems).toEqual([]);
    const scheduleId = `strategy-${workflowId}`;
    expect(state.strategySchedule).toEqual({ scheduleId, status: 'active' });

    const details = await describeStrategySchedule(suite.env.client, scheduleId);
    expect(details).toMatchObject({
      organisation: 'Hedera University',
      everyMs: 91 * DAY_MS,
      input: { clientOwner: 'dev@example.com' },
    });
    // From just after its creation (a match at the creation instant itself never fires) over three years.
    const { createdAt } = (await suite.env.client.schedule.getHandle(scheduleId).describe()).info;
    expect(await firingsWithin(scheduleId, createdAt.getTime() + 1000, 3 * 365)).toBe(12);

    const described = await runCliWith(suite.env.client, ['schedules', 'describe', scheduleId]);
    expect(described.stdout).toContain('Every 91 days');
    const listed = await eventually(
      () => runCliWith(suite.env.client, ['--json', 'schedules', 'list']),
      (run) => run.stdout.includes(scheduleId),
    );
    expect(JSON.parse(listed.stdout)).toContainEqual(expect.objectContaining({ scheduleId, paused: false }));

    await closeLead(suite.env.client, workflowId, {
      outcome: 'lost',
      reason: `${lead.organisation} moved in-house`,
      by: BY,
    });
    await eventually(
      () => describeStrategySchedule(suite.env.client, scheduleId),
      (remaining) => remaining === undefined,
    );
    expect(await describeStrategySchedule(suite.env.client, scheduleId)).toBeUndefined();
    const gone = await runCliWith(suite.env.client, ['schedules', 'describe', scheduleId]);
    expect(gone.code).toBe(3);
  });
});
