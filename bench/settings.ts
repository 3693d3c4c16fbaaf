import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../worker/config';
import { WORKER_HEAP_MB } from '../worker/memory';

/** Every size the benchmark runs at, from the environment, so a later change can be measured the same way. */
export interface BenchSettings {
  sections: Set<'throughput' | 'latency' | 'start' | 'scale' | 'years'>;
  rounds: number;
  throughputLeads: number;
  sequentialLeads: number;
  concurrentCallers: number;
  /** The paced latency pass: about how long each of its callers waits before each gate, in ms; 0 leaves it out. */
  thinkMs: number;
  scalePoints: number[];
  scaleCache: number;
  /** The scale worker's V8 heap limit in MiB (`--max-old-space-size`, for each of its isolates), or 0 for Node's own. */
  scaleHeapMb: number;
  years: number;
  statusRuns: number;
  /** bench/results/<name>.json and .md; another name keeps an exploratory run from replacing the README's. */
  resultsName: string;
}

const SECTIONS = ['throughput', 'latency', 'start', 'scale', 'years'] as const;

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum = 1): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum)
    throw new Error(`${name} must be a whole number of at least ${minimum}`);
  return value;
}

function resultsName(name: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error('BENCH_RESULTS_NAME must be lowercase letters, digits and dashes');
  return name;
}

export function benchSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const sectionsText = env.BENCH_SECTIONS?.trim();
  const sections = sectionsText ? sectionsText.split(',').map((name) => name.trim()) : [...SECTIONS];
  const unknown = sections.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_SECTIONS: no section ${unknown.join(', ')} (${SECTIONS.join(', ')})`);
  const pointsText = env.BENCH_SCALE_POINTS?.trim() || '1000,5000,10000';
  const scalePoints = pointsText.split(',').map(Number);
  if (
    scalePoints.some((point, index) => !Number.isInteger(point) || point < 1 || point <= (scalePoints[index - 1] ?? 0))
  ) {
    throw new Error('BENCH_SCALE_POINTS must be rising whole numbers, e.g. 1000,5000,10000');
  }
  return {
    sections: new Set(sections as (typeof SECTIONS)[number][]),
    rounds: whole(env, 'BENCH_ROUNDS', 5),
    throughputLeads: whole(env, 'BENCH_THROUGHPUT_LEADS', 20),
    sequentialLeads: whole(env, 'BENCH_SEQUENTIAL_LEADS', 10),
    concurrentCallers: whole(env, 'BENCH_CONCURRENT_CALLERS', 50),
    thinkMs: whole(env, 'BENCH_THINK_MS', 1000, 0),
    scalePoints,
    // The production worker's own cache and heap limit, so the scale section measures what `npm run worker` runs
    // with. Bounded on purpose: holding every parked lead grew the worker by about a third of a MiB per lead and
    // stalled it past 5,000; an evicted lead replays its short history when touched.
    scaleCache: whole(env, 'BENCH_SCALE_CACHE', DEFAULT_MAX_CACHED_WORKFLOWS),
    scaleHeapMb: whole(env, 'BENCH_SCALE_HEAP_MB', WORKER_HEAP_MB, 0),
    years: whole(env, 'BENCH_YEARS', 5),
    statusRuns: whole(env, 'BENCH_STATUS_RUNS', 5),
    resultsName: resultsName(env.BENCH_RESULTS_NAME?.trim() || 'latest'),
  };
}
