import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import path from 'node:path';
import { QUARTER, STRATEGY_JITTER, createStrategyActivities } from '../../activities/strategy';
import { describeStrategySchedule, listStrategySchedules, strategyScheduleId } from '../../client/schedules';
import {
  STRATEGY_DUE_DAYS,
  STRATEGY_TIMEBOX_HOURS,
  clientStrategyReview,
  dueDateAfter,
  type StrategyReviewInput,
} from '../../workflows/strategy';
import { readOutbox } from '../support/outbox';
import { eventually } from '../support/poll';
import { startDevServer, startTimeSkippingServer } from '../support/servers';
import { COMPANY_DOMAIN, localAdapters, uniqueTaskQueue, type LocalAdapters } from '../support/worker';
import { DAY_MS } from '../../workflows/durations';

const OWNER = 'olga@example.com';

let clientCounter = 0;
function aClient(overrides: Partial<StrategyReviewInput> = {}): StrategyReviewInput {
  clientCounter += 1;
  return {
    leadWorkflowId: `lead-jimmy.${process.pid}.${clientCounter}@hedera.example.edu`,
    clientName: 'Jimmy Hedera',
    organisation: 'Hedera University',
    clientOwner: OWNER,
    mailingListLabel: 'hedera',
    ...overrides,
  };
}

let bundle: WorkflowBundleWithSourceMap;
let adapters: LocalAdapters;

// The shared test bundle is built from workflows/index.ts, which does not export this workflow (yet).
beforeAll(async () => {
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows/strategy'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
});
beforeEach(async () => {
  adapters = await localAdapters();
});
afterEach(async () => {
  await adapters.cleanup();
});

async function withStrategyWorker<T>(
  env: TestWorkflowEnvironment,
  body: (taskQueue: string, activities: ReturnType<typeof createStrategyActivities>) => Promise<T>,
): Promise<T> {
  const taskQueue = uniqueTaskQueue('strategy');
  const activities = createStrategyActivities({
    tasks: adapters.tasks,
    mailer: adapters.mailer,
    companyDomain: COMPANY_DOMAIN,
    temporal: env.client,
    taskQueue,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  return worker.runUntil(body(taskQueue, activities));
}

const outbox = () => readOutbox(path.join(adapters.dir, 'outbox'));

// The Java test server answers CreateSchedule with UNIMPLEMENTED, so the workflow a schedule fires is tested here,
// started directly, and the schedules themselves on the dev server below.
describe('clientStrategyReview on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startTimeSkippingServer();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('a firing run twice under its workflow id creates one 3-hour task for the owner and one notice', () =>
    withStrategyWorker(env, async (taskQueue) => {
      const input = aClient();
      // What a Schedule names each firing: its id plus the scheduled time.
      const workflowId = `${strategyScheduleId(input.leadWorkflowId)}-2026-12-01T00:00:00Z`;
      const first = await env.client.workflow.execute(clientStrategyReview, { taskQueue, workflowId, args: [input] });
      const startedAt = (await env.client.workflow.getHandle(workflowId).describe()).startTime;
      const again = await env.client.workflow.execute(clientStrategyReview, { taskQueue, workflowId, args: [input] });

      expect(first.created).toBe(true);
      expect(again).toEqual({ ...first, created: false });
      const tasks = await adapters.tasks.readAll();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        key: first.key,
        externalId: workflowId,
        summary: 'Client strategy: Hedera University',
        assignee: OWNER,
        estimateHours: STRATEGY_TIMEBOX_HOURS,
        dueDate: dueDateAfter(startedAt, STRATEGY_DUE_DAYS),
        labels: ['client-strategy', 'hedera'],
      });
      expect(STRATEGY_TIMEBOX_HOURS).toBe(3);
      expect(tasks[0].description).toContain('timeboxed to 3 hours');
      expect(tasks[0].description).toContain('client briefing, the current epics and the value proposition');
      expect(tasks[0].description).toContain('propose a few hours of discovery');
      expect(tasks[0].description).toContain('Update the Client Briefing and the Value Proposition');

      const sent = await outbox();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ to: [OWNER], subject: 'Client strategy review: Hedera University (3h timebox)' });
      expect(sent[0].text).toContain(first.url);
    }));

  test('a review for a client owner who is not an email address fails without creating a task', () =>
    withStrategyWorker(env, async (taskQueue) => {
      const failure = await env.client.workflow
        .execute(clientStrategyReview, {
          taskQueue,
          workflowId: `strategy-bad-${clientCounter}-${process.pid}`,
          args: [aClient({ clientOwner: 'Olga' })],
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause?.message).toContain('clientOwner: must be a valid email address');
      expect(await adapters.tasks.readAll()).toEqual([]);
    }));
});

describe('strategy schedules on the dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startDevServer();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('a client schedule fires every 91 days with jitter; a trigger creates one task; pause and delete stop it', () =>
    withStrategyWorker(env, async (_taskQueue, activities) => {
      const input = aClient();
      const scheduleId = strategyScheduleId(input.leadWorkflowId);
      expect(scheduleId).toBe(`strategy-${input.leadWorkflowId}`);
      const createdAt = Date.now();
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
      expect(QUARTER).toBe(91 * DAY_MS);
      expect(STRATEGY_JITTER).toBe(3 * DAY_MS);
      // The first review is a quarter away (plus jitter), not at some epoch-aligned date sooner.
      const firstReview = Date.parse(described?.nextActionTimes[0] ?? '');
      expect(firstReview).toBeGreaterThanOrEqual(createdAt + QUARTER - 60_000);
      expect(firstReview).toBeLessThanOrEqual(createdAt + QUARTER + STRATEGY_JITTER + 60_000);

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
      const tasks = await adapters.tasks.readAll();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        key: task.key,
        externalId: reviewId,
        summary: 'Client strategy: Hedera University',
        assignee: OWNER,
        estimateHours: 3,
      });
      expect((await outbox()).map((message) => message.to)).toEqual([[OWNER]]);

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
    withStrategyWorker(env, async (_taskQueue, activities) => {
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
