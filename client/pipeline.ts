/**
 * The numbers a sales lead looks at every morning, computed once for both the pipeline page (`GET /pipeline`) and
 * `cli funnel`: the funnel over a period, time in stage from each lead's recorded history, overdue follow-ups and
 * idle leads.
 */
import type { Client } from '@temporalio/client';
import { historyQuery } from '../workflows/messages';
import { InvalidInputError } from '../rules/validation';
import { STAGES, STAGE_LABELS, type LifecycleStage, type Stage } from '../workflows/stages';
import type { StageRecord } from '../workflows/state';
import { leadHandle, listLeadsWhere, type LeadSummary } from './lifecycle';
import { FOLLOW_UP_DUE, LEAD_IDLE } from '../workflows/search-attributes';

const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_DAYS = 90;
/** How many leads' histories are asked for at once. */
const HISTORY_CONCURRENCY = 8;
const HISTORY_TIMEOUT_MS = 5_000;

export interface Period {
  from: string;
  to: string;
}

export interface FunnelRow {
  stage: Stage;
  label: string;
  /** Leads started in the period that are in this stage now. */
  current: number;
  /** Leads started in the period that ever entered this stage. */
  reached: number;
  /** Of those that reached this stage, the share that reached the next one (0 to 1); none for the last stage. */
  conversionToNext: number | null;
  /** Days in this stage, over every visit (an ongoing visit counts up to now). */
  medianDays: number | null;
  slowest: { days: number; workflowId: string; runId: string; leadName: string } | null;
}

export interface PipelineLead {
  workflowId: string;
  runId: string;
  leadName: string;
  organisation: string;
  stage: string;
  owner: string;
  followUpDue?: string;
}

export interface PipelineReport {
  period: Period;
  generatedAt: string;
  /** Leads (and projects) started in the period. */
  leads: number;
  funnel: FunnelRow[];
  outcomes: { won: number; lost: number; declined: number; nurture: number };
  /** Leads whose history could not be read (no worker answered): their funnel position is taken from the stage. */
  withoutHistory: number;
  /** Every running lead whose next follow-up is past due, oldest first, whatever the period. */
  overdueFollowUps: PipelineLead[];
  /** Every running lead flagged idle. */
  idleLeads: PipelineLead[];
}

/** `days=30`, or `from`/`to` dates (YYYY-MM-DD, `to` inclusive); the default is the last 90 days. */
export function parsePeriod(query: { days?: string; from?: string; to?: string }, now: Date): Period {
  const issues: { field: string; message: string }[] = [];
  const date = (field: 'from' | 'to', text: string | undefined): Date | undefined => {
    if (text === undefined || text === '') return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(Number.NaN);
    if (Number.isNaN(parsed.getTime())) issues.push({ field, message: 'must be a date as YYYY-MM-DD' });
    return parsed;
  };
  const fromDate = date('from', query.from);
  const toDate = date('to', query.to);
  let days = DEFAULT_PERIOD_DAYS;
  if (query.days !== undefined && query.days !== '') {
    days = Number(query.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      issues.push({ field: 'days', message: 'must be a whole number of days from 1 to 3650' });
    }
  }
  if (issues.length > 0) throw new InvalidInputError('Invalid period', issues);
  const to = toDate ? new Date(toDate.getTime() + DAY_MS - 1) : now;
  const from = fromDate ?? new Date(to.getTime() - days * DAY_MS);
  if (from.getTime() > to.getTime()) {
    throw new InvalidInputError('Invalid period', [{ field: 'from', message: 'must not be after to' }]);
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  }
  return results;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const roundDays = (ms: number) => Math.round((ms / DAY_MS) * 10) / 10;

function stageOfLabel(label: string): LifecycleStage | undefined {
  return (Object.keys(STAGE_LABELS) as LifecycleStage[]).find((stage) => STAGE_LABELS[stage] === label);
}

function toPipelineLead(lead: LeadSummary): PipelineLead {
  return {
    workflowId: lead.workflowId,
    runId: lead.runId,
    leadName: lead.leadName,
    organisation: lead.organisation,
    stage: lead.stage,
    owner: lead.clientOwner,
    ...(lead.followUpDue ? { followUpDue: lead.followUpDue } : {}),
  };
}

export async function pipelineReport(client: Client, options: { period: Period; now?: Date }): Promise<PipelineReport> {
  const now = options.now ?? new Date();
  const { period } = options;
  // A lead that continued-as-new is listed once, by its latest run.
  const lifecycle = `WorkflowType = 'customerLifecycle' AND ExecutionStatus != 'ContinuedAsNew'`;
  const started = await listLeadsWhere(
    client,
    `${lifecycle} AND StartTime >= '${period.from}' AND StartTime <= '${period.to}'`,
  );
  const histories = await inBatches(started, HISTORY_CONCURRENCY, async (lead) => {
    try {
      return await client.withDeadline(now.getTime() + HISTORY_TIMEOUT_MS, () =>
        leadHandle(client, lead.workflowId).query(historyQuery),
      );
    } catch {
      return undefined;
    }
  });

  const reached = new Map<Stage, Set<string>>(STAGES.map((stage) => [stage, new Set<string>()]));
  const durations = new Map<Stage, { days: number; lead: LeadSummary }[]>(STAGES.map((stage) => [stage, []]));
  const current = new Map<LifecycleStage, number>();
  let withoutHistory = 0;
  started.forEach((lead, index) => {
    const stage = stageOfLabel(lead.stage);
    if (stage) current.set(stage, (current.get(stage) ?? 0) + 1);
    const history: StageRecord[] | undefined = histories[index];
    if (!history) {
      withoutHistory += 1;
      // Without a history, a lead in a stage has passed every stage before it (a project starts at Blueprint).
      const position = stage ? STAGES.indexOf(stage as Stage) : -1;
      const first = lead.workflowId.startsWith('project-') ? STAGES.indexOf('blueprint') : 0;
      for (let i = first; i <= position; i++) reached.get(STAGES[i])?.add(lead.workflowId);
      return;
    }
    for (const record of history) {
      const visited = record.stage as Stage;
      if (!reached.has(visited)) continue;
      reached.get(visited)?.add(lead.workflowId);
      const left = record.leftAt ? Date.parse(record.leftAt) : now.getTime();
      durations.get(visited)?.push({ days: roundDays(left - Date.parse(record.enteredAt)), lead });
    }
  });

  const funnel: FunnelRow[] = STAGES.map((stage, index) => {
    const here = reached.get(stage) ?? new Set<string>();
    const next = STAGES[index + 1] ? reached.get(STAGES[index + 1]) : undefined;
    const moved = next ? [...here].filter((id) => next.has(id)).length : 0;
    const visits = durations.get(stage) ?? [];
    const slowest = visits.reduce<(typeof visits)[number] | undefined>(
      (worst, visit) => (!worst || visit.days > worst.days ? visit : worst),
      undefined,
    );
    return {
      stage,
      label: STAGE_LABELS[stage],
      current: current.get(stage) ?? 0,
      reached: here.size,
      conversionToNext: next && here.size > 0 ? Math.round((moved / here.size) * 1000) / 1000 : null,
      medianDays: median(visits.map((visit) => visit.days)),
      slowest: slowest
        ? {
            days: slowest.days,
            workflowId: slowest.lead.workflowId,
            runId: slowest.lead.runId,
            leadName: slowest.lead.leadName,
          }
        : null,
    };
  });

  const running = `${lifecycle} AND ExecutionStatus = 'Running'`;
  const [overdue, idle] = await Promise.all([
    listLeadsWhere(client, `${running} AND ${FOLLOW_UP_DUE.name} < '${now.toISOString()}'`),
    listLeadsWhere(client, `${running} AND ${LEAD_IDLE.name} = true`),
  ]);
  overdue.sort((a, b) => Date.parse(a.followUpDue ?? '') - Date.parse(b.followUpDue ?? ''));

  return {
    period,
    generatedAt: now.toISOString(),
    leads: started.length,
    funnel,
    outcomes: {
      won: current.get('won') ?? 0,
      lost: current.get('lost') ?? 0,
      declined: current.get('declined') ?? 0,
      nurture: current.get('nurture') ?? 0,
    },
    withoutHistory,
    overdueFollowUps: overdue.map(toPipelineLead),
    idleLeads: idle.map(toPipelineLead),
  };
}

/** The same numbers as the page, as `cli funnel` prints them. */
export function formatPipeline(report: PipelineReport): string {
  const percent = (value: number | null) => (value === null ? '' : `${Math.round(value * 100)}%`);
  const days = (value: number | null | undefined) => (value === null || value === undefined ? '' : `${value} d`);
  const rows = [
    ['Stage', 'Now', 'Reached', 'To next', 'Median', 'Slowest'],
    ...report.funnel.map((row) => [
      row.label,
      String(row.current),
      String(row.reached),
      percent(row.conversionToNext),
      days(row.medianDays),
      row.slowest ? `${days(row.slowest.days)} (${row.slowest.leadName || row.slowest.workflowId})` : '',
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const table = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
  const { won, lost, declined, nurture } = report.outcomes;
  const leadLine = (lead: PipelineLead) =>
    `  ${lead.workflowId}  ${lead.leadName} (${lead.organisation}), ${lead.stage}${lead.followUpDue ? `, due ${lead.followUpDue}` : ''}`;
  return [
    `Leads started ${report.period.from.slice(0, 10)} to ${report.period.to.slice(0, 10)}: ${report.leads}`,
    ...table,
    `Won ${won}  Lost ${lost}  Declined ${declined}  Nurture ${nurture}`,
    ...(report.withoutHistory > 0
      ? [`(${report.withoutHistory} lead(s) without a readable history: is a worker running?)`]
      : []),
    `Overdue follow-ups: ${report.overdueFollowUps.length}`,
    ...report.overdueFollowUps.map(leadLine),
    `Idle leads: ${report.idleLeads.length}`,
    ...report.idleLeads.map(leadLine),
  ].join('\n');
}
