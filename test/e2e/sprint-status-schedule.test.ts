import { msToTs } from '@temporalio/common/lib/time';
import { closeLead, completeGate, getLeadState, startLead } from '../../client/lifecycle';
import { DAY_MS } from '../../rules/durations';
import { sprintStatusScheduleId } from '../../rules/sprint-status';
import { currentSprint } from '../../rules/sprint-updates';
import type { GateRequest } from '../../workflows/gates';
import type { SprintStatusResult } from '../../workflows/sprint-status';
import { runCliWith } from '../support/cli';
import { aLead, BY, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';
import { COMPANY_DOMAIN } from '../support/worker';

const suite = testServer('shared', startDevServer, 'sprint-status-e2e');

const iterativeProposal: GateRequest = {
  stage: 'proposal',
  by: BY,
  evidence: { proposalUrl: 'https://proposals.example.com/acme', pricing: { pricing: 'iterative', monthlyHours: 40 } },
};

/** The times the schedule's spec matches in a window, as the server computes them. */
async function firingsWithin(scheduleId: string, fromMs: number, days: number): Promise<Date[]> {
  const response = await suite.env.client.workflowService.listScheduleMatchingTimes({
    namespace: 'default',
    scheduleId,
    startTime: msToTs(fromMs),
    endTime: msToTs(fromMs + days * DAY_MS),
  });
  return (response.startTime ?? []).map((time) => new Date(Number(time.seconds) * 1000));
}

/** Fires the schedule by hand, as the Web UI's "Trigger" does, and waits for that firing's run to finish. */
async function trigger(scheduleId: string): Promise<SprintStatusResult> {
  const handle = suite.env.client.schedule.getHandle(scheduleId);
  const before = (await handle.describe()).info.recentActions.length;
  await handle.trigger();
  const { info } = await eventually(
    () => handle.describe(),
    (described) => described.info.recentActions.length > before,
  );
  const firing = info.recentActions[info.recentActions.length - 1].action.workflow;
  return (await suite.env.client.workflow.getHandle(firing.workflowId).result()) as SprintStatusResult;
}

test('an iterative client gets a sprint status schedule at close, sending each sprint once, gone when it ends', () =>
  suite.run(async (taskQueue) => {
    const { client } = suite.env;
    const { workflowId, lead } = await startLead(
      client,
      aLead({ organisation: 'Acme Academy', mailingListLabel: 'acme' }),
      { taskQueue },
    );
    const [qualify, assess, blueprint, , close] = gatesToBilling;
    for (const gate of [qualify, assess, blueprint, iterativeProposal, close]) {
      await completeGate(client, workflowId, gate);
    }
    const state = await eventually(
      () => getLeadState(client, workflowId),
      (s) => s.sprintStatusSchedule !== undefined || s.problems.length > 0,
    );
    expect(state.problems).toEqual([]);
    const scheduleId = sprintStatusScheduleId(workflowId);
    expect(state.sprintStatusSchedule).toEqual({ scheduleId, status: 'active' });

    const status = await runCliWith(client, ['--task-queue', taskQueue, 'status', lead.email]);
    expect(status.stdout).toContain(`Sprint status email: ${scheduleId} (every sprint, on its review day)`);

    // What the Web UI shows on the Schedules page: whose it is and how often, in words.
    const described = await client.schedule.getHandle(scheduleId).describe();
    expect(described.memo).toMatchObject({
      client: 'Acme Academy',
      cadence: 'every sprint (14 days), on its last day (the review) at 09:00 UTC',
      clientOwner: 'dev@example.com',
    });
    // The test worker's sprint calendar: two weeks from Monday 2026-01-05. Every firing is a review day, 09:00.
    const calendar = suite.adapters.discovery.sprint;
    const firings = await firingsWithin(scheduleId, Date.now(), 10 * 7);
    expect(firings).toHaveLength(5);
    for (const firing of firings) {
      expect(firing.toISOString().slice(11)).toBe('09:00:00.000Z');
      expect(currentSprint(calendar, firing).lastDay).toBe(firing.toISOString().slice(0, 10));
    }

    // Fired by hand with the client's tickets in the tracker: one email, then nothing more this sprint.
    const sprint = currentSprint(calendar, new Date());
    const labelled = { description: 'x', assignee: 'dev@example.com', estimateHours: 1, labels: ['acme'] };
    await suite.adapters.tasks.createTask({
      ...labelled,
      externalId: 'bulk',
      summary: 'Bulk enrolment',
      dueDate: sprint.lastDay,
    });
    await suite.adapters.tasks.createTask({
      ...labelled,
      externalId: 'logo',
      summary: 'Your logo files',
      dueDate: sprint.lastDay,
      labels: ['acme', '+waiting on client'],
    });
    await expect(trigger(scheduleId)).resolves.toMatchObject({ sent: true, sprintStart: sprint.start });
    const again = await trigger(scheduleId);
    expect(again).toMatchObject({ sent: false, sprintStart: sprint.start });
    const mails = (await suite.outbox()).filter((mail) => mail.subject.startsWith('Sprint update'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: [lead.email], cc: [`help+acme@${COMPANY_DOMAIN}`, 'dev@example.com'] });
    expect(mails[0].text).toContain(
      'Waiting on you:\n\n- Your logo files\n\nPlanned for this sprint:\n\n- Bulk enrolment',
    );

    await closeLead(client, workflowId, { outcome: 'won', reason: 'Engagement completed', by: BY });
    const ended = await eventually(
      () => getLeadState(client, workflowId),
      (s) => s.sprintStatusSchedule?.status === 'deleted',
    );
    expect(ended.sprintStatusSchedule).toEqual({ scheduleId, status: 'deleted' });
    await expect(client.schedule.getHandle(scheduleId).describe()).rejects.toThrow(/not found/i);
  }));
