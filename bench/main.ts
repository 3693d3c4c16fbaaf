/**
 * `npm run bench`: what the lifecycle costs, against a bare shape, in one run. Sizes come from BENCH_* variables
 * (bench/settings.ts). Writes bench/results/latest.json and latest.md; prints the Markdown too.
 */
import '../test/support/quiet-runtime';
import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { encryptingDataConverter, payloadCodecFrom } from '../codec/payload-codec';
import { startLead } from '../client/lifecycle';
import { ensureServers } from '../scripts/servers';
import { aLead } from '../test/support/leads';
import { startBenchServer, type BenchServer } from './dev-server';
import { bareGateLatencies, gateLatencies, type GateLatencies } from './latency';
import { processStarts } from './process-start';
import { bundleWorkflows, memoryOf, startWorkerProcess, type WorkerProcess } from './processes';
import { markdown, type BenchResults, type Target } from './report';
import { scalePoints } from './scale';
import { benchSettings } from './settings';
import { median, round, spread, type Spread } from './stats';
import { batch, calibrate, costsOf, type Batch, type ShapeQueues } from './throughput';
import { simulateYears } from './years';

/** A year's state may exceed the year before's by this factor and still count as not growing. */
const GROWTH_TOLERANCE = 1.01;

const RESULTS_DIR = path.join(__dirname, 'results');
const GiB = 1024 ** 3;

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** The worker's zero-config adapters, all inside the run's own folder; a key of the run's own for payloads. */
function workerEnvironment(dir: string, address: string, taskQueue: string): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PAYLOAD_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    OUTBOX_DIR: path.join(dir, 'outbox'),
    STATE_DIR: path.join(dir, 'state'),
    LOCAL_DRIVE_DIR: path.join(dir, 'drive'),
    RECORDING_SOURCE_DIR: path.join(dir, 'recordings'),
    TASKS_FILE: path.join(dir, 'outbox', 'tasks.jsonl'),
    WORK_LOGS_FILE: path.join(dir, 'outbox', 'worklogs.jsonl'),
    INVOICES_DIR: path.join(dir, 'invoices'),
    DISCOVERY_DUTY: 'ana@example.com,ben@example.com',
    METRICS_PORT: 'off',
  };
}

function machine(): BenchResults['machine'] {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / GiB, 0),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

function merged(all: GateLatencies[]): GateLatencies {
  return { updateMs: all.flatMap((one) => one.updateMs), visibleMs: all.flatMap((one) => one.visibleMs) };
}

function targets(results: BenchResults): Target[] {
  const found: Target[] = [];
  if (results.throughput) {
    found.push({
      what: 'Throughput lifecycle/bare',
      target: '≥ 0.8',
      measured: String(round(results.throughput.ratio)),
      met: results.throughput.ratio >= 0.8,
    });
  }
  if (results.events) {
    found.push({
      what: 'Events per lifecycle / bare',
      target: '≤ 1.3',
      measured: `${round(results.events.ratio)} (${round(results.events.lifecycle.events, 1)} / ${round(results.events.bare.events, 1)})`,
      met: results.events.ratio <= 1.3,
    });
  }
  if (results.latency) {
    const { concurrent, paced } = results.latency;
    const gateTarget = (callers: number, how: string, update: Spread): Target => ({
      what: `Gate Update p99, ${callers} concurrent callers, ${how}`,
      target: '< 100 ms at 50 callers',
      measured: `${round(update.p99, 1)} ms`,
      met: update.p99 < 100 && callers >= 50,
    });
    found.push(gateTarget(concurrent.callers, 'each sending its next gate on the answer', concurrent.update));
    if (paced) {
      found.push(gateTarget(paced.callers, `each pausing about ${paced.thinkMs} ms before a gate`, paced.update));
    }
  }
  const largest = results.scale?.points.at(-1);
  if (largest) {
    found.push({
      what: `Worker RSS with ${largest.openLeads} open leads`,
      target: '< 1 GiB at 10,000',
      measured: `${round(largest.workerRssBytes / 1024 ** 2, 0)} MiB`,
      met: largest.workerRssBytes < GiB && largest.openLeads >= 10_000,
    });
  }
  const years = results.years?.years ?? [];
  if (years.length > 0) {
    const last = years[years.length - 1];
    const largestPayload = Math.max(
      last.stateQueryBytes,
      last.largestContinueAsNewInputBytes,
      last.largestPayloadBytes,
    );
    // Growth is a rise of more than 1% in a year: a count of records let go gaining a digit is not what is asked.
    const grows = years.some(
      (year, index) => index > 0 && year.stateQueryBytes > years[index - 1].stateQueryBytes * GROWTH_TOLERANCE,
    );
    found.push({
      what: `Largest payload after ${last.year} years`,
      target: '< 256 KiB, not growing',
      measured: `${round(largestPayload / 1024, 1)} KiB; state ${years.map((year) => year.stateQueryBytes).join(' → ')} B`,
      met: largestPayload < 256 * 1024 && !grows && last.year >= 5,
    });
  }
  const status = results.processStart?.find((figure) => figure.how.startsWith('compiled CLI, `npm run'));
  if (status) {
    found.push({
      what: '`npm run cli -- status`',
      target: '< 0.5 s',
      measured: `${round(status.medianMs, 0)} ms median`,
      met: status.medianMs < 500,
    });
  }
  return found;
}

async function devServerSections(
  results: BenchResults,
  dir: string,
  server: BenchServer,
  bundles: { lifecycle: string; bare: string },
): Promise<void> {
  const settings = benchSettings(process.env);
  const lifecycleQueue = `bench-lifecycle-${process.pid}`;
  const env = workerEnvironment(dir, server.address, lifecycleQueue);
  const recordings = env.RECORDING_SOURCE_DIR ?? '';
  await mkdir(recordings, { recursive: true });
  const recording = path.join(recordings, 'intro.webm');
  await writeFile(recording, Buffer.alloc(64 * 1024, 7));
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, dataConverter: encryptingDataConverter(payloadCodecFrom(env)) });
  let worker: WorkerProcess | undefined;
  try {
    if (settings.sections.has('throughput') || settings.sections.has('latency') || settings.sections.has('start')) {
      worker = await startWorkerProcess(env, {
        lifecycleBundle: bundles.lifecycle,
        bareBundle: bundles.bare,
        bareTaskQueue: `bench-bare-${process.pid}`,
      });
      const pids = { worker: worker.pid, server: server.pid };
      const queues = { lifecycle: lifecycleQueue, bare: `bench-bare-${process.pid}`, recording };
      const calibration = await calibrate(client, queues);
      const shapes: ShapeQueues = { ...queues, activitiesAt: calibration.activitiesAt };
      log(`calibration: ${calibration.events} events, activities per Update ${calibration.activitiesAt.join(',')}`);
      const rounds: { round: number; lifecycle: Batch; bare: Batch }[] = [];
      const sequential: GateLatencies[] = [];
      const concurrent: GateLatencies[] = [];
      const bareConcurrent: number[] = [];
      const paced: number[] = [];
      let lifecycleIds: string[] = [];
      let bareIds: string[] = [];
      for (let index = 1; index <= settings.rounds; index++) {
        if (settings.sections.has('throughput')) {
          // Alternating which shape goes first, so neither always meets a warmer or a busier server.
          const order = index % 2 === 1 ? (['lifecycle', 'bare'] as const) : (['bare', 'lifecycle'] as const);
          const done = new Map<'lifecycle' | 'bare', Awaited<ReturnType<typeof batch>>>();
          for (const shape of order)
            done.set(shape, await batch(client, shape, settings.throughputLeads, shapes, pids));
          const lifecycleRun = done.get('lifecycle');
          const bareRun = done.get('bare');
          if (!lifecycleRun || !bareRun) throw new Error('a throughput batch did not run');
          lifecycleIds = lifecycleRun.workflowIds;
          bareIds = bareRun.workflowIds;
          const [lifecycle, bare] = [lifecycleRun.batch, bareRun.batch];
          rounds.push({ round: index, lifecycle, bare });
          log(
            `round ${index}: lifecycle ${round(lifecycle.perSecond)}/s (worker CPU ${round(lifecycle.workerCpuMs, 1)} ms each), ` +
              `bare ${round(bare.perSecond)}/s (${round(bare.workerCpuMs, 1)} ms)`,
          );
        }
        if (settings.sections.has('latency')) {
          for (const askVisibility of [false, true]) {
            for (let lead = 0; lead < settings.sequentialLeads; lead++) {
              sequential.push(await gateLatencies(client, lifecycleQueue, 1, askVisibility));
            }
            concurrent.push(await gateLatencies(client, lifecycleQueue, settings.concurrentCallers, askVisibility));
          }
          bareConcurrent.push(...(await bareGateLatencies(client, queues.bare, settings.concurrentCallers)));
          if (settings.thinkMs > 0) {
            paced.push(
              ...(await gateLatencies(client, lifecycleQueue, settings.concurrentCallers, false, settings.thinkMs))
                .updateMs,
            );
          }
          log(
            `round ${index}: gate p99 at ${settings.concurrentCallers} callers ${round(spread(concurrent.at(-2)?.updateMs ?? []).p99, 1)} ms`,
          );
        }
      }
      if (rounds.length > 0) {
        const lifecycleRates = rounds.map((one) => one.lifecycle.perSecond);
        const bareRates = rounds.map((one) => one.bare.perSecond);
        results.throughput = {
          rounds,
          lifecyclePerSecond: { min: Math.min(...lifecycleRates), median: median(lifecycleRates) },
          barePerSecond: { min: Math.min(...bareRates), median: median(bareRates) },
          ratio: median(lifecycleRates) / median(bareRates),
        };
        const lifecycleCosts = await costsOf(client, lifecycleIds);
        const bareCosts = await costsOf(client, bareIds);
        results.events = {
          lifecycle: lifecycleCosts,
          bare: bareCosts,
          ratio: lifecycleCosts.events / bareCosts.events,
        };
      }
      if (sequential.length > 0) {
        const one = merged(sequential);
        const many = merged(concurrent);
        results.latency = {
          sequential: { update: spread(one.updateMs), visible: spread(one.visibleMs) },
          concurrent: {
            callers: settings.concurrentCallers,
            update: spread(many.updateMs),
            visible: spread(many.visibleMs),
            bareUpdate: spread(bareConcurrent),
          },
          ...(paced.length > 0
            ? { paced: { callers: settings.concurrentCallers, thinkMs: settings.thinkMs, update: spread(paced) } }
            : {}),
        };
      }
      if (settings.sections.has('start')) {
        const lead = aLead();
        const { workflowId } = await startLead(client, lead, { taskQueue: lifecycleQueue });
        results.processStart = await processStarts(server.address, workflowId, lead.email, settings.statusRuns, env);
        log(
          `status: ${results.processStart.map((figure) => `${figure.how} ${round(figure.medianMs, 0)} ms`).join('; ')}`,
        );
      }
      await worker.stop();
      worker = undefined;
    }
    if (settings.sections.has('scale')) {
      // A worker of its own, holding nothing but the parked leads.
      const scaleQueue = `bench-scale-${process.pid}`;
      worker = await startWorkerProcess(
        { ...env, TEMPORAL_TASK_QUEUE: scaleQueue },
        { lifecycleBundle: bundles.lifecycle, maxCachedWorkflows: settings.scaleCache, heapMb: settings.scaleHeapMb },
      );
      const idle = await memoryOf(worker.pid);
      const points = await scalePoints(
        client,
        scaleQueue,
        settings.scalePoints,
        { worker: worker.pid, server: server.pid },
        (point) =>
          log(
            `${point.openLeads} open leads: worker ${round(point.workerRssBytes / 1024 ** 2, 0)} MiB, server ${round(point.serverRssBytes / 1024 ** 2, 0)} MiB`,
          ),
      );
      results.scale = {
        cacheSize: settings.scaleCache,
        heapMb: settings.scaleHeapMb,
        idleWorkerRssBytes: idle.rssBytes,
        points,
      };
      await worker.stop();
      worker = undefined;
    }
  } finally {
    await worker?.stop();
    await connection.close();
  }
}

async function main(): Promise<void> {
  const settings = benchSettings(process.env);
  const servers = await ensureServers();
  if (servers.testServer) process.env.TEMPORAL_TEST_SERVER_PATH = servers.testServer;
  if (servers.temporalCli) process.env.TEMPORAL_CLI_PATH = servers.temporalCli;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lifecycle-bench-'));
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: machine(),
    settings: { ...settings, sections: [...settings.sections] },
    targets: [],
  };
  try {
    log('bundling the workflows');
    const bundles = await bundleWorkflows(dir);
    if (['throughput', 'latency', 'start', 'scale'].some((name) => settings.sections.has(name as 'scale'))) {
      const server = await startBenchServer();
      try {
        await devServerSections(results, dir, server, bundles);
      } finally {
        await server.stop();
      }
    }
    if (settings.sections.has('years')) {
      results.years = await simulateYears(settings.years, bundles.lifecycle, log);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  results.targets = targets(results);
  const table = markdown(results);
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path.join(RESULTS_DIR, `${settings.resultsName}.json`), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(RESULTS_DIR, `${settings.resultsName}.md`), table);
  process.stdout.write(table);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
