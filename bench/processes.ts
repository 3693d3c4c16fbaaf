import { bundleWorkflowCode } from '@temporalio/worker';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PAYLOAD_CONVERTER_PATH, WORKFLOW_BUNDLE_OPTIONS } from '../worker/create-worker';
import { SETTINGS_VARIABLE, type BenchWorkerSettings } from './worker-process';

const quietBundler = { trace() {}, debug() {}, info() {}, log() {}, warn: console.warn, error: console.error };

/** Bundles once per run, as production's worker would at start, so each worker process starts in seconds. */
export async function bundleWorkflows(dir: string): Promise<{ lifecycle: string; bare: string }> {
  const lifecycle = path.join(dir, 'lifecycle-bundle.js');
  const bare = path.join(dir, 'bare-bundle.js');
  const built = await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: quietBundler });
  await writeFile(lifecycle, built.code);
  const bareBuilt = await bundleWorkflowCode({
    workflowsPath: require.resolve('./bare-workflow'),
    payloadConverterPath: PAYLOAD_CONVERTER_PATH,
    // Shared as the lifecycle's modules are: neither shape pays for evaluating its modules in every run.
    preloadModules: [require.resolve('./bare-workflow')],
    logger: quietBundler,
  });
  await writeFile(bare, bareBuilt.code);
  return { lifecycle, bare };
}

export interface WorkerProcess {
  pid: number;
  stop(): Promise<void>;
}

/** This file's sibling, run the way this process runs: compiled JavaScript, or TypeScript through tsx. */
function nodeArguments(file: string): string[] {
  const source = path.join(__dirname, `${file}.ts`);
  return __filename.endsWith('.ts') ? ['--import', 'tsx', source] : [path.join(__dirname, `${file}.js`)];
}

export async function startWorkerProcess(
  env: NodeJS.ProcessEnv,
  settings: BenchWorkerSettings,
): Promise<WorkerProcess> {
  // BENCH_WORKER_CPU_PROF=<folder>: the worker writes a CPU profile of each of its threads there as it stops.
  const profile = process.env.BENCH_WORKER_CPU_PROF?.trim();
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const heap = settings.heapMb ? [`--max-old-space-size=${settings.heapMb}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...heap, ...profiling, ...nodeArguments('worker-process')], {
    env: { ...process.env, ...env, [SETTINGS_VARIABLE]: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench worker exited with code ${code} before it was ready`)));
    if (!child.stdout) throw new Error('no stdout from the bench worker');
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') resolve();
    });
  });
  if (child.pid === undefined) throw new Error('the bench worker has no process id');
  return {
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory, and its peak, of a process, from /proc (Linux). */
export async function memoryOf(pid: number): Promise<{ rssBytes: number; peakRssBytes: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${name}`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: field('VmRSS'), peakRssBytes: field('VmHWM') };
}

/** Linux reports process CPU time in clock ticks of USER_HZ, which is 100 on every kernel this runs on. */
const USER_HZ = 100;

/** CPU time (user + system, every thread) the process has used so far, in ms, from /proc/<pid>/stat. */
export async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself hold spaces: utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`/proc/${pid}/stat: no CPU times`);
  return ((utime + stime) * 1000) / USER_HZ;
}
