/**
 * The worker's memory settings as its startup lines name them: the workflow cache, and the V8 heap limit, which
 * node takes as a flag before any of our code runs (package.json's `worker` and `start` scripts, the Dockerfile).
 */
import { getHeapStatistics } from 'node:v8';

/**
 * With the cache of worker/config.ts, what the benchmark's scale section held 10,000 parked leads in under 1 GiB
 * with. It limits each of the worker's isolates, its workflow thread's included: without it, Node sizes the heap
 * from the machine's memory, and V8 leaves the garbage of every workflow's module copies uncollected until then.
 */
export const WORKER_HEAP_MB = 512;

const HEAP_FLAG = /--max[-_]old[-_]space[-_]size=(\d+)/;

export interface NodeFlags {
  execArgv: readonly string[];
  nodeOptions?: string;
}

/** Where the heap limit came from: node's own command line wins over NODE_OPTIONS, as node itself reads them. */
function heapFlag({ execArgv, nodeOptions }: NodeFlags): string | undefined {
  const fromCommandLine = execArgv.map((arg) => HEAP_FLAG.exec(arg)).find((match) => match !== null);
  if (fromCommandLine) return fromCommandLine[0];
  const fromOptions = nodeOptions ? HEAP_FLAG.exec(nodeOptions) : null;
  return fromOptions ? `${fromOptions[0]} in NODE_OPTIONS` : undefined;
}

export function describeMemory(
  maxCachedWorkflows: number,
  flags: NodeFlags,
  heapLimitBytes = getHeapStatistics().heap_size_limit,
): string {
  const cache = maxCachedWorkflows === 0 ? 'no workflow cache' : `workflow cache ${maxCachedWorkflows} workflows`;
  const limitMiB = Math.round(heapLimitBytes / 1024 ** 2);
  const flag = heapFlag(flags);
  const heap = flag
    ? `heap limit ${limitMiB} MiB (${flag})`
    : `heap limit ${limitMiB} MiB (Node's default for this machine; \`npm run worker\` sets --max-old-space-size=${WORKER_HEAP_MB})`;
  return `${cache} (MAX_CACHED_WORKFLOWS), ${heap}`;
}
