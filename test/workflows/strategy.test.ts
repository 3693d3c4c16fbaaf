import { WorkflowFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { createStrategyActivities } from '../../activities/strategy';
import { describeStrategySchedule, listStrategySchedules, strategyScheduleId } from '../../client/schedules';
import { clientStrategyReview } from '../../workflows/strategy';
import type { StrategyReviewInput } from '../../rules/strategy-review';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { testServer, timeSkippingServerPerTest, type TestServer } from '../support/test-server';
import { COMPANY_DOMAIN } from '../support/worker';
import { DAY_MS } from '../../rules/durations';

const OWNER = 'olga@example.com';
/**
 * The schedule's interval offset is read from the client's clock just before the create call, so the first firing
 * can come up to that call's latency (under a second here) before the schedule's recorded creation time plus one
 * interval, before jitter; never later.
 */
const CREATE_CALL_LATENCY_MS = 10_000;

/** A client of the test's own: its lead workflow id, and so its schedule id, is used by no other test. */
function aClient(overrides: Partial<StrategyReviewInput> = {}): StrategyReviewInput {
  return {
    leadWorkflowId: `lead-jimmy.${randomUUID()}@hedera.example.edu`,
    clientName: 'Jimmy Hedera',
    organisation: 'Hedera University',
    clientOwner: OWNER,
    mailingListLabel: 'hedera',
    ...overrides,
  };
}

/** The activities the lifecycle calls to manage a client's schedule, writing to this test's own adapters. */
function strategyActivities(suite: TestServer, taskQueue: string) {
  return createStrategyActivities({
    tasks: suite.adapters.tasks,
    mailer: suite.adapters.mailer,
    companyDomain: COMPANY_DOMAIN,
    temporal: suite.env.client,
    taskQueue,
  });
}

// The Java test server answers CreateSchedule with UNIMPLEMENTED, so the workflow a schedule fires is tested here,
// started directly, and the schedules themselves on the dev server below.
describe('clientStrategyReview on the time-skipping server', () => {
  const suite = timeSkippingServerPerTest('strategy');

  test('a firing run twice under its workflow id creates one 3-hour task for the owner and one notice', () =>
    suite.run(async (taskQueue) => {
      const { env } = suite;
      const input = aClient();
      // What a Schedule names each firing: its id plus the scheduled time.
      const workflowId = `${strategyScheduleId(input.leadWorkflowId)}-2026-12-01T00:00:00Z`;
      const first = await env.client.workflow.execute(clientStrategyReview, { taskQueue, workflowId, args: [input] });
      const startedAt = (await env.client.workflow.getHandle(workflowId).describe()).startTime;
      const again = await env.client.workflow.execute(clientStrategyReview, { taskQueue, workflowId, args: [input] });

      expect(first.created).toBe(true);
      expect(again).toEqual({ ...first, created: false });
      const tasks = await suite.adapters.tasks.readAll();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        key: first.key,
        externalId: workflowId,
        summary: 'Client strategy: Hedera University',
        assignee: OWNER,
        estimateHours: 3,
        // Due two weeks after the review was started, in the server's time.
        dueDate: new Date(startedAt.getTime() + 14 * DAY_MS).toISOString().slice(0, 10),
        labels: ['client-strategy', 'hedera'],
      });
      expect(tasks[0].description).toContain('timeboxed to 3 hours');
      expect(tasks[0].description).toContain('client briefing, the current epics and the value proposition');
      expect(tasks[0].description).toContain('propose a few hours of discovery');
      expect(tasks[0].description).toContain('Update the Client Briefing and the Value Proposition');

      const sent = await suite.outbox();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ to: [OWNER], subject: 'Client strategy review: Hedera University (3h timebox)' });
      expect(sent[0].text).toContain(first.url);
    }));

  test('a review for a client owner who is not an email address fails without creating a task', () =>
    suite.run(async (taskQueue) => {
      const failure = await suite.env.client.workflow
        .execute(clientStrategyReview, {
          taskQueue,
          workflowId: 'strategy-bad-owner',
          args: [aClient({ clientOwner: 'Olga' })],
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause?.message).toContain('clientOwner: must be a valid email address');
      expect(await suite.adapters.tasks.readAll()).toEqual([]);
      expect(await suite.outbox()).toEqual([]);
    }));
});

// One dev server for the schedule tests (each starts its own client and worker and writes to its own adapters).
describe('strategy schedules on the dev server', () => {
  const suite = testServer('shared', startDevServer, 'strategy-schedules');

  test('a client schedule fires every 91 days with jitter; a trigger creates one task; pause and delete stop it', () =>
    suite.run(async (taskQueue) => {
      const { env } = suite;
      const activities = strategyActivities(suite, taskQueue);
      const input = aClient();
      const scheduleId = strategyScheduleId(input.leadWorkflowId);
      expect(scheduleId).toBe(`strategy-${input.leadWorkflowId}`);
      expect(await activities.ensureStrategySchedule({ scheduleId, input })).toEqual({ scheduleId, changed: true });

      const described = await describeStrategySchedule(env.client, scheduleId);
      expect(described).toMatchObject({
        scheduleId,
        organisation: 'Hedera University',
        paused: false,
        everyMs: 91 * DAY_MS,
        jitterMs: 3 * DAY_MS,
        recentActions: 0,
        input,
      });
      const { memo } = await env.client.schedule.getHandle(scheduleId).describe();
      expect(memo).toMatchObject({ client: 'Hedera University', cadence: 'every quarter (91 days, ±3 days)' });
      // The first review is a quarter (91 days) after the schedule was created, plus up to 3 days of jitter: not at
      // some epoch-aligned date sooner.
      const createdAt = (await env.client.schedule.getHandle(scheduleId).describe()).info.createdAt.getTime();
      const firstReview = Date.parse(described?.nextActionTimes[0] ?? '');
      expect(firstReview).toBeGreaterThanOrEqual(createdAt + 91 * DAY_MS - CREATE_CALL_LATENCY_MS);
      expect(firstReview).toBeLessThanOrEqual(createdAt + 91 * DAY_MS + 3 * DAY_MS);

      const listed = await eventually(
        () => listStrategySchedules(env.client),
        (schedules) => schedules.some((schedule) => schedule.scheduleId === scheduleId),
      );
      expect(listed.find((schedule) => schedule.scheduleId === scheduleId)).toMatchObject({
        organisation: 'Hedera University',
        paused: false,
      });

      await env.client.schedule.getHandle(scheduleId).trigger();
      const fired = await eventually(
        () => describeStrategySchedule(env.client, scheduleId),
        (schedule) => schedule?.recentWorkflowIds.length === 1,
      );
      const [reviewId] = fired?.recentWorkflowIds ?? [];
      expect(reviewId.startsWith(`${scheduleId}-`)).toBe(true);
      const task = await env.client.workflow.getHandle<typeof clientStrategyReview>(reviewId).result();
      const tasks = await suite.adapters.tasks.readAll();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        key: task.key,
        externalId: reviewId,
        summary: 'Client strategy: Hedera University',
        assignee: OWNER,
        estimateHours: 3,
      });
      expect((await suite.outbox()).map((message) => message.to)).toEqual([[OWNER]]);

      expect(await activities.pauseStrategySchedule({ scheduleId, note: 'Client epic on hold' })).toEqual({
        scheduleId,
        changed: true,
      });
      expect(await describeStrategySchedule(env.client, scheduleId)).toMatchObject({
        paused: true,
        note: 'Client epic on hold',
      });

      expect(await activities.deleteStrategySchedule({ scheduleId })).toEqual({ scheduleId, changed: true });
      expect(await describeStrategySchedule(env.client, scheduleId)).toBeUndefined();
      expect(await activities.deleteStrategySchedule({ scheduleId })).toEqual({ scheduleId, changed: false });
      expect(await activities.pauseStrategySchedule({ scheduleId })).toEqual({ scheduleId, changed: false });
      const afterDelete = await eventually(
        () => listStrategySchedules(env.client),
        (schedules) => schedules.every((schedule) => schedule.scheduleId !== scheduleId),
      );
      expect(afterDelete.map((schedule) => schedule.scheduleId)).not.toContain(scheduleId);
    }));

  test('ensuring a schedule twice leaves the first one as it was', () =>
    suite.run(async (taskQueue) => {
      const { env } = suite;
      const activities = strategyActivities(suite, taskQueue);
      const input = aClient();
      const scheduleId = strategyScheduleId(input.leadWorkflowId);
      expect(await activities.ensureStrategySchedule({ scheduleId, input, paused: true })).toEqual({
        scheduleId,
        changed: true,
      });
      expect(
        await activities.ensureStrategySchedule({
          scheduleId,
          input: { ...input, clientOwner: 'someone@example.com' },
        }),
      ).toEqual({ scheduleId, changed: false });

      expect(await describeStrategySchedule(env.client, scheduleId)).toMatchObject({
        paused: true,
        input: { clientOwner: OWNER },
      });
      const listed = await eventually(
        () => listStrategySchedules(env.client),
        (schedules) => schedules.some((schedule) => schedule.scheduleId === scheduleId),
      );
      expect(listed.filter((schedule) => schedule.scheduleId === scheduleId)).toHaveLength(1);
      await activities.deleteStrategySchedule({ scheduleId });
    }));
});
