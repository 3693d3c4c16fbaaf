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
 * A Temporal server, started before each test or once for the file or `describe` block it is called in (`scope`)
 * and torn down after it, and fresh local adapters for every test either way: no test reads another's outbox,
 * tasks or invoices. With a shared server, each test still gets a task queue and worker of its own (`run`).
 */
export function testServer(
  scope: 'each test' | 'shared',
  start: () => Promise<TestWorkflowEnvironment>,
  queueName: string,
): TestServer {
  let env: TestWorkflowEnvironment | undefined;
  let adapters: LocalAdapters | undefined;
  const [setUp, tearDown] = scope === 'each test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  setUp(async () => {
    env = await start();
  });
  tearDown(async () => {
    await env?.teardown();
    env = undefined;
  });
  beforeEach(async () => {
    adapters = await localAdapters();
  });
  afterEach(async () => {
    await adapters?.cleanup();
    adapters = undefined;
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
