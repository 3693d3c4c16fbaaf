/**
 * `npm run bench` is a script, not a test: this keeps its moving parts from rotting. One lifecycle and one bare-shape
 * conversation on a dev server, through the bench's own drivers and history reader, at the smallest size.
 */
import { Worker } from '@temporalio/worker';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createBareActivities } from '../../bench/bare-activities';
import { driveBare, driveLifecycle } from '../../bench/drive';
import { historyCosts } from '../../bench/history';
import { gateLatencies } from '../../bench/latency';
import { markdown } from '../../bench/report';
import { benchSettings } from '../../bench/settings';
import { PAYLOAD_CONVERTER_PATH } from '../../worker/create-worker';
import type { LifecycleState } from '../../workflows/state';
import { startDevServer } from '../support/servers';
import { localAdapters, uniqueTaskQueue, withWorker } from '../support/worker';

test('the bench drives a fixed-price lead to Won and the bare shape through the same Updates and activities', async () => {
  const env = await startDevServer();
  const adapters = await localAdapters();
  try {
    const recording = path.join(adapters.dir, 'intro.webm');
    await writeFile(recording, Buffer.alloc(1024, 7));
    const lifecycleQueue = uniqueTaskQueue('bench-lifecycle');
    const lifecycleId = await withWorker(env, adapters, lifecycleQueue, () =>
      driveLifecycle(env.client, lifecycleQueue, recording),
    );
    const lifecycle = historyCosts((await env.client.workflow.getHandle(lifecycleId).fetchHistory()).events ?? []);
    const won = (await env.client.workflow.getHandle(lifecycleId).result()) as LifecycleState;
    expect(won.stage).toBe('won');
    expect(won.meetings[0]).toMatchObject({ summaryEmail: 'sent', recording: { status: 'stored' } });
    // Start, the meeting, six gates and the approval: the bare shape answers the same nine points.
    expect(lifecycle.activitiesAt).toHaveLength(9);

    const bareQueue = uniqueTaskQueue('bench-bare');
    const bareWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: bareQueue,
      workflowsPath: require.resolve('../../bench/bare-workflow'),
      activities: createBareActivities(),
      dataConverter: { payloadConverterPath: PAYLOAD_CONVERTER_PATH },
    });
    const bareId = await bareWorker.runUntil(driveBare(env.client, bareQueue, recording, lifecycle.activitiesAt));
    const bare = historyCosts((await env.client.workflow.getHandle(bareId).fetchHistory()).events ?? []);
    expect(bare.activitiesAt).toEqual(lifecycle.activitiesAt);
    expect(bare.byType.ACTIVITY_TASK_SCHEDULED).toBe(lifecycle.byType.ACTIVITY_TASK_SCHEDULED);
    expect(bare.byType.WORKFLOW_EXECUTION_UPDATE_COMPLETED).toBe(lifecycle.byType.WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    expect(bare.byType.UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).toBeUndefined();
    expect(bare.byType.TIMER_STARTED).toBeUndefined();

    const table = markdown({
      date: '2026-12-03T00:00:00.000Z',
      machine: { cpu: 'test CPU', cores: 2, memoryGiB: 1, os: 'test', node: process.version },
      settings: { ...benchSettings({}), sections: ['throughput'] },
      events: { lifecycle, bare, ratio: lifecycle.events / bare.events },
      targets: [],
    });
    expect(table).toContain(`| **all events** | ${lifecycle.events} | ${bare.events} |`);
  } finally {
    await env.teardown();
    await adapters.cleanup();
  }
});

test('bench sizes come from BENCH_* variables, and a bad one is refused by name', () => {
  expect(benchSettings({ BENCH_SCALE_POINTS: '10,20' })).toMatchObject({
    scalePoints: [10, 20],
    scaleCache: 250,
    scaleHeapMb: 512,
  });
  expect(() => benchSettings({ BENCH_ROUNDS: 'two' })).toThrow('BENCH_ROUNDS must be a whole number of at least 1');
  expect(() => benchSettings({ BENCH_SCALE_POINTS: '5000,1000' })).toThrow('BENCH_SCALE_POINTS');
  expect(() => benchSettings({ BENCH_SECTIONS: 'speed' })).toThrow('BENCH_SECTIONS: no section speed');
  expect(() => benchSettings({ BENCH_RESULTS_NAME: '../README' })).toThrow('BENCH_RESULTS_NAME');
});

test('the paced latency pass times every sales gate of every caller, and asks visibility nothing', async () => {
  const env = await startDevServer();
  const adapters = await localAdapters();
  try {
    const taskQueue = uniqueTaskQueue('bench-paced');
    const paced = await withWorker(env, adapters, taskQueue, () => gateLatencies(env.client, taskQueue, 2, false, 20));
    expect(paced.updateMs).toHaveLength(10);
    expect(paced.updateMs.every((ms) => ms > 0)).toBe(true);
    expect(paced.visibleMs).toEqual([]);
  } finally {
    await env.teardown();
    await adapters.cleanup();
  }
});
