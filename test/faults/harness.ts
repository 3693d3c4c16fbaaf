/**
 * Real processes for the fault tests: the worker exactly as `npm run worker` runs it (worker/main.ts, the same
 * runWorker `npm start` uses), configured only through its environment, and SIGKILLed like a crashed machine.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
export { codecClient, codecFor, testKeyEntry } from '../support/codec';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed, stdout and stderr interleaved. */
  output(): string;
  /** SIGKILL, and wait for the process to be gone. */
  kill(): Promise<void>;
  /** SIGTERM (a graceful shutdown), and wait for it. */
  stop(): Promise<void>;
}

/** Every byte any worker process printed in this test file, for the secrets check. */
export const allWorkerOutput: string[] = [];

/** Starts worker/main.ts with `env` and waits until its worker polls (the SDK logs the RUNNING state). */
export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'worker', 'main.ts')], {
    cwd: PROJECT_ROOT,
    // Off unless a test asks for it: two workers on the default metrics port would refuse to start.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, METRICS_PORT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const index = allWorkerOutput.push('') - 1;
  let text = '';
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    if (process.env.FAULTS_DEBUG) process.stderr.write(`[worker ${child.pid}] ${chunk.toString()}`);
    allWorkerOutput[index] = text;
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const worker: WorkerProcess = {
    child,
    output: () => text,
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone()) child.kill('SIGTERM');
      await exited;
    },
  };
  // Bundling the workflows takes a while on a busy machine: wait for the worker itself, not for a fixed time.
  for (let waited = 0; !/state: 'RUNNING'|state":"RUNNING"/.test(text); waited += 100) {
    if (gone()) throw new Error(`the worker exited before polling:\n${text}`);
    if (waited > 180_000) {
      await worker.kill();
      throw new Error(`the worker did not start polling within 3 minutes:\n${text}`);
    }
    await sleep(100);
  }
  return worker;
}

const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

/** The activities the server reports as picked up by a worker and running, for a workflow. */
export async function runningActivities(client: Client, workflowId: string): Promise<string[]> {
  const { raw } = await client.workflow.getHandle(workflowId).describe();
  return (raw.pendingActivities ?? [])
    .filter((activity) => activity.state === STARTED)
    .map((activity) => activity.activityType?.name ?? '');
}

/**
 * A named pipe where a process is going to write `file`: opening a pipe for writing waits for a reader, and none comes,
 * so the writer stops at exactly that point, the way a relay that withholds its reply holds an email mid-send. Removing
 * the pipe (`release`) lets the next writer create an ordinary file there.
 */
export async function holdWritesAt(file: string): Promise<{ release(): Promise<void> }> {
  await promisify(execFile)('mkfifo', [file]);
  return { release: () => rm(file, { force: true }) };
}

/** A Google credentials file the worker's Drive adapter accepts, whose token endpoint is the Drive peer's. */
export async function driveCredentialsFile(dir: string, driveRootUrl: string): Promise<string> {
  const file = path.join(dir, 'drive-credentials.json');
  await writeFile(
    file,
    JSON.stringify({
      type: 'external_account_authorized_user',
      audience: '//iam.googleapis.com/locations/global/workforcePools/test/providers/test',
      client_id: 'test-client',
      client_secret: 'test-client-secret',
      refresh_token: 'test-refresh-token',
      token_url: `${driveRootUrl}token`,
    }),
  );
  return file;
}

/** Progress of a long fault test, on standard error as it happens (jest only shows console output at the end). */
export function step(message: string): void {
  process.stderr.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
