import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureClusterBinaries, ensurePostgres } from '../../scripts/cluster';
import { SHARED_WORKFLOW_MODULES } from '../../worker/create-worker';
import { WORKFLOW_BUNDLE_PATH } from '../support/servers';

/** Builds the server (first run only, with progress lines) before any test's clock starts, and bundles the workflows. */
export default async function globalSetup(): Promise<void> {
  await ensureClusterBinaries();
  ensurePostgres();
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    preloadModules: SHARED_WORKFLOW_MODULES,
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  mkdirSync(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  const partial = `${WORKFLOW_BUNDLE_PATH}.${process.pid}.partial`;
  writeFileSync(partial, code);
  renameSync(partial, WORKFLOW_BUNDLE_PATH);
}
