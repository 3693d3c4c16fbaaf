/**
 * `npm run histories [scenario ...]`: drives each path of test/replay/scenarios.ts on a fresh time-skipping server
 * and writes every workflow it left behind to test/replay/histories/. Record a new path after a change to the
 * workflow code; never re-record an old one to make it pass (see "Changing workflow code safely" in the README).
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startTimeSkippingServer } from '../support/servers';
import globalSetup from '../support/global-setup';
import { localAdapters, uniqueTaskQueue, withWorker } from '../support/worker';
import { historyFileName, HISTORIES_DIR, type HistoryFile } from './history-files';
import { scenarios } from './scenarios';

async function record(only: string[]): Promise<void> {
  await globalSetup();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const chosen = only.length > 0 ? scenarios.filter((scenario) => only.includes(scenario.name)) : scenarios;
  const unknown = only.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) throw new Error(`no such scenario: ${unknown.join(', ')}`);
  for (const scenario of chosen) {
    const env = await startTimeSkippingServer();
    const adapters = await localAdapters();
    try {
      const taskQueue = uniqueTaskQueue(`record-${scenario.name}`);
      const runs = await withWorker(env, adapters, taskQueue, () =>
        scenario.drive({ env, taskQueue, dir: adapters.dir }),
      );
      for (const run of runs) {
        const history = await env.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
        const file: HistoryFile = {
          scenario: scenario.name,
          workflowId: run.workflowId,
          recordedAt: new Date().toISOString(),
          history: JSON.parse(historyToJSON(history)),
        };
        const name = historyFileName(scenario.name, run.name);
        writeFileSync(path.join(HISTORIES_DIR, name), `${JSON.stringify(file, null, 1)}\n`);
        process.stdout.write(`${name}: ${history.events?.length ?? 0} events\n`);
      }
    } finally {
      await env.teardown();
      await adapters.cleanup();
    }
  }
}

record(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
