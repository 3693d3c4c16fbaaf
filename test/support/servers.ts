import { TestWorkflowEnvironment } from '@temporalio/testing';
import path from 'node:path';
import { addSearchAttributes } from '../../scripts/search-attribute-registry';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/** Written by global-setup.ts: one workflow bundle per test run instead of one per suite. */
export const WORKFLOW_BUNDLE_PATH = path.resolve(__dirname, '../../.temporal/test-workflow-bundle.js');

function executable(envVar: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH') {
  const located = process.env[envVar];
  return located ? { type: 'existing-path' as const, path: located } : { type: 'cached-download' as const };
}

/**
 * The SDK gives a starting server about 5 s to answer. A run starts dozens of servers on two cores, and now and then
 * two JVMs start at once: one more try beats failing an unrelated test.
 */
async function startWithRetry(start: () => Promise<TestWorkflowEnvironment>): Promise<TestWorkflowEnvironment> {
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.warn(`Temporal server did not start (attempt ${attempt} of ${attempts}), trying again:`, error);
    }
  }
}

/** Temporal's Java test server: timers of days or years complete as soon as nothing else is pending. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await startWithRetry(() =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: executable('TEMPORAL_TEST_SERVER_PATH') } }),
  );
  // Unlike the dev server, the Java test server takes no search attributes at start-up.
  await addSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/** The Temporal CLI dev server, with the project's search attributes, so visibility queries work as in production. */
export function startDevServer(): Promise<TestWorkflowEnvironment> {
  return startWithRetry(() =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: executable('TEMPORAL_CLI_PATH'),
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
      },
    }),
  );
}
