import type { HistoryCosts } from './history';
import type { StartFigure } from './process-start';
import type { ScalePoint } from './scale';
import type { BenchSettings } from './settings';
import type { Spread } from './stats';
import { median, round } from './stats';
import type { Batch } from './throughput';
import type { YearsResult } from './years';

function cpuPerConversation(batches: Batch[]): [string, string] {
  return [
    `${round(median(batches.map((one) => one.workerCpuMs)), 1)} ms`,
    `${round(median(batches.map((one) => one.serverCpuMs)), 1)} ms`,
  ];
}

export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string };
  settings: Omit<BenchSettings, 'sections'> & { sections: string[] };
  throughput?: {
    rounds: { round: number; lifecycle: Batch; bare: Batch }[];
    lifecyclePerSecond: { min: number; median: number };
    barePerSecond: { min: number; median: number };
    ratio: number;
  };
  events?: { lifecycle: HistoryCosts; bare: HistoryCosts; ratio: number };
  latency?: {
    sequential: { update: Spread; visible: Spread };
    /** `bareUpdate`: the same gates at the same concurrency to bare-shape workflows whose handler runs nothing. */
    concurrent: { callers: number; update: Spread; visible: Spread; bareUpdate?: Spread };
    /** The same callers, each pausing about `thinkMs` before each gate (bench/latency.ts). */
    paced?: { callers: number; thinkMs: number; update: Spread };
  };
  processStart?: StartFigure[];
  scale?: { cacheSize: number; heapMb?: number; idleWorkerRssBytes: number; points: ScalePoint[] };
  years?: YearsResult;
  targets: Target[];
}

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${round(bytes / MiB, 0)} MiB`;
const ms = (value: number) => `${round(value, 1)} ms`;

function table(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function eventRows(events: NonNullable<BenchResults['events']>): (string | number)[][] {
  const types = [...new Set([...Object.keys(events.lifecycle.byType), ...Object.keys(events.bare.byType)])].sort();
  const kib = (bytes: number | undefined) => `${round((bytes ?? 0) / 1024, 1)} KiB`;
  return [
    [
      '**all events**',
      round(events.lifecycle.events, 1),
      round(events.bare.events, 1),
      kib(events.lifecycle.bytes),
      kib(events.bare.bytes),
    ],
    ...types.map((type) => [
      type,
      round(events.lifecycle.byType[type] ?? 0, 1),
      round(events.bare.byType[type] ?? 0, 1),
      kib(events.lifecycle.bytesByType[type]),
      kib(events.bare.bytesByType[type]),
    ]),
  ];
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length === 0 ? 'none' : entries.map(([key, count]) => `${key}: ${round(count, 1)}`).join(', ');
}

export function markdown(results: BenchResults): string {
  const out: string[] = [
    `Measured ${results.date} on ${results.machine.cores} × ${results.machine.cpu}, ${results.machine.memoryGiB} GiB, ` +
      `${results.machine.os}, Node ${results.machine.node}; Temporal CLI dev server in memory.`,
    '',
    table(
      ['Target', 'Wanted', 'Measured', 'Met'],
      results.targets.map((target) => [target.what, target.target, target.measured, target.met ? 'yes' : '**no**']),
    ),
  ];
  const { throughput, events, latency, processStart, scale, years } = results;
  if (throughput) {
    out.push(
      '',
      `**Throughput**, ${results.settings.throughputLeads} concurrent conversations, ${throughput.rounds.length} interleaved rounds:`,
      '',
      table(
        ['Shape', 'min /s', 'median /s', 'worker CPU per conversation', 'server CPU per conversation'],
        [
          [
            'lifecycle (arrival to Won, fixed price)',
            round(throughput.lifecyclePerSecond.min),
            round(throughput.lifecyclePerSecond.median),
            ...cpuPerConversation(throughput.rounds.map((one) => one.lifecycle)),
          ],
          [
            'bare shape',
            round(throughput.barePerSecond.min),
            round(throughput.barePerSecond.median),
            ...cpuPerConversation(throughput.rounds.map((one) => one.bare)),
          ],
          ['ratio lifecycle/bare (medians)', '', round(throughput.ratio), '', ''],
        ],
      ),
      '',
      'CPU time is user + system time of every thread of the process, per conversation, median over the rounds: what ' +
        'the throughput is made of on a machine where the worker, the server and the driver share the cores.',
    );
  }
  if (events) {
    out.push(
      '',
      `**History events per conversation** (ratio ${round(events.ratio)}):`,
      '',
      table(['Event type', 'lifecycle', 'bare', 'lifecycle bytes', 'bare bytes'], eventRows(events)),
      '',
      `Upserts that changed nothing, by what the workflow was handling: ${counts(events.lifecycle.unchangedUpserts)}.`,
      `Attributes rewritten with the value they had: ${counts(events.lifecycle.unchangedAttributeWrites)}.`,
      `Timers cancelled and restarted for the same wake-up, by trigger: ${counts(events.lifecycle.timersRestartedForSameWakeUp)}.`,
    );
  }
  if (latency) {
    const row = (name: string, spread: Spread) => [
      name,
      spread.samples,
      ms(spread.p50),
      ms(spread.p95),
      ms(spread.p99),
      ms(spread.max),
    ];
    out.push(
      '',
      "**Gate latency** (sales gates; visibility: from the Update's answer until `LifecycleStage = ...` finds the lead):",
      '',
      table(
        ['Measure', 'samples', 'p50', 'p95', 'p99', 'max'],
        [
          row('Update round trip, 1 caller', latency.sequential.update),
          row('visibility lag, 1 caller', latency.sequential.visible),
          row(`Update round trip, ${latency.concurrent.callers} callers`, latency.concurrent.update),
          row(`visibility lag, ${latency.concurrent.callers} callers`, latency.concurrent.visible),
          ...(latency.concurrent.bareUpdate
            ? [
                row(
                  `bare shape's Update round trip, ${latency.concurrent.callers} callers`,
                  latency.concurrent.bareUpdate,
                ),
              ]
            : []),
          ...(latency.paced
            ? [
                row(
                  `Update round trip, ${latency.paced.callers} callers pausing about ${latency.paced.thinkMs} ms before each gate`,
                  latency.paced.update,
                ),
              ]
            : []),
        ],
      ),
    );
  }
  if (processStart) {
    out.push(
      '',
      '**`status` as a new process**, start to exit:',
      '',
      table(
        ['How', 'runs', 'min', 'median'],
        processStart.map((figure) => [figure.how, figure.runs, ms(figure.minMs), ms(figure.medianMs)]),
      ),
    );
  }
  if (scale) {
    out.push(
      '',
      `**Open leads on one worker** (parked in Prospect Qualification; worker cache \`maxCachedWorkflows\` = ${scale.cacheSize}; ` +
        `worker heap limit ${scale.heapMb ? `\`--max-old-space-size=${scale.heapMb}\`` : "Node's own"}):`,
      '',
      table(
        ['Open leads', 'worker RSS', 'worker peak RSS', 'server RSS', 'fill time', 'gate p50 at this size'],
        [
          ['0 (worker started, nothing polled yet)', mib(scale.idleWorkerRssBytes), '', '', '', ''],
          ...scale.points.map((point) => [
            point.openLeads,
            mib(point.workerRssBytes),
            mib(point.workerPeakRssBytes),
            mib(point.serverRssBytes),
            `${round(point.fillSeconds, 0)} s`,
            ms(point.gateAtScaleMedianMs),
          ]),
        ],
      ),
    );
  }
  if (years) {
    out.push(
      '',
      `**Years** (time-skipping server): ${years.months} months, ${years.meetings} meetings, ${years.strategyReviews} strategy ` +
        `reviews, ${years.invoicesSent} invoices in ${round(years.wallSeconds, 0)} s; events per run: ${years.eventsPerRun.join(', ')}.` +
        (years.attempts > 1
          ? ` Figures from attempt ${years.attempts}: the earlier ones stalled in a month (bench/years.ts, WEDGED_AFTER_MS; most likely the Java test server's wedge, sdk-java#3088).`
          : ''),
      '',
      table(
        [
          'After year',
          'runs',
          'events so far',
          'state query',
          'largest continue-as-new input',
          'largest payload (event)',
          'largest state fields',
        ],
        years.years.map((year) => [
          year.year,
          year.runs,
          year.eventsSoFar,
          `${round(year.stateQueryBytes / 1024, 1)} KiB`,
          `${round(year.largestContinueAsNewInputBytes / 1024, 1)} KiB`,
          `${round(year.largestPayloadBytes / 1024, 1)} KiB (${year.largestPayloadEvent})`,
          Object.entries(year.largestStateFields)
            .map(([field, bytes]) => `${field} ${round(bytes / 1024, 1)} KiB`)
            .join(', '),
        ]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
