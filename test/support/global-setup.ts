import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureServers } from '../../scripts/servers';
import { ensureMailpit } from '../../scripts/mailpit-build';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../worker/create-worker';
import { WORKFLOW_BUNDLE_PATH } from './servers';

export default async function globalSetup(): Promise<void> {
  const servers = await ensureServers();
  // Test workers are forked after this runs, so they inherit the located executables.
  if (servers.temporalCli) process.env.TEMPORAL_CLI_PATH = servers.temporalCli;
  if (servers.testServer) process.env.TEMPORAL_TEST_SERVER_PATH = servers.testServer;
  // Built here on a clean clone (a minute or two, once): the inbox tests run the real binary.
  const mailpit = await ensureMailpit();
  if (mailpit.path !== undefined) process.env.MAILPIT_PATH = mailpit.path;
  else process.env.MAILPIT_UNAVAILABLE = mailpit.why;

  const { code } = await bundleWorkflowCode({
    // As the real worker bundles them, so the replay tests cover the counting interceptors and shared modules too.
    ...WORKFLOW_BUNDLE_OPTIONS,
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  mkdirSync(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  // Renamed into place so that workers of another test run in this checkout never read a half-written bundle.
  const partial = `${WORKFLOW_BUNDLE_PATH}.${process.pid}.partial`;
  writeFileSync(partial, code);
  renameSync(partial, WORKFLOW_BUNDLE_PATH);
}
