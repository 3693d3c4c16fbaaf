import type { TestWorkflowEnvironment } from '@temporalio/testing';
import path from 'node:path';
import { readOutbox } from './outbox';
import { startTimeSkippingServer } from './servers';
import { localAdapters, uniqueTaskQueue, withWorker, type LocalAdapters } from './worker';

export interface TestServer {
  readonly env: TestWorkflowEnvironment;
  readonly adapters: LocalAdapters;
  /** Runs `body` while a worker serves a fresh task queue on this server. */
  run<T>(body: (taskQueue: string) => Promise<T>): Promise<T>;
  /** The emails this server's workers wrote. */
  outbox(): ReturnType<typeof readOutbox>;
}

/**
 * A Temporal server and fresh local adapters, started before each test or once for the file (`scope`) and torn
 * down after it.
 */
export function testServer(
  scope: 'each test' | 'whole file',
  start: () => Promise<TestWorkflowEnvironment>,
  queueName: string,
): TestServer {
  let env: TestWorkflowEnvironment | undefined;
  let adapters: LocalAdapters | undefined;
  const [setUp, tearDown] = scope === 'each test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  setUp(async () => {
    env = await start();
    adapters = await localAdapters();
  });
  tearDown(async () => {
    await env?.teardown();
    await adapters?.cleanup();
  });
  const current = () => {
    if (!env || !adapters) throw new Error('the test server is only available inside a test');
    return { env, adapters };
  };
  return {
    get env() {
      return current().env;
    },
    get adapters() {
      return current().adapters;
    },
    run(body) {
      const taskQueue = uniqueTaskQueue(queueName);
      return withWorker(current().env, current().adapters, taskQueue, () => body(taskQueue));
    },
    outbox: () => readOutbox(path.join(current().adapters.dir, 'outbox')),
  };
}

/**
 * A time-skipping server and fresh local adapters for every test: a timer left due on a finished test's task queue
 * would otherwise stall time skipping for the next test, and each test reads only its own outbox.
 */
export function timeSkippingServerPerTest(queueName: string): TestServer {
  return testServer('each test', startTimeSkippingServer, queueName);
}
