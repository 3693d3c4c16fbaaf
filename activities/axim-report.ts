import { log } from '@temporalio/activity';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { LeadSource } from '../rules/lead-source';
import { LIFECYCLE_STAGE } from '../workflows/search-attributes';
import { STAGE_LABELS } from '../workflows/stages';
import type { ActivityDeps } from './deps';
import type { SendResult } from './email/port';
import { referralStatusReport } from './email/templates';
import { sendOnce } from './email/send-once';

/** Leads from the Open edX marketing site, which Axim Collaborative runs. */
export const AXIM_REFERRAL_SOURCE: LeadSource = 'axim-referral';

/**
 * A healthy lead answers in milliseconds (a second or two if its history must be replayed); one nobody can answer
 * for would otherwise hold the report for the server's 30 seconds, per lead.
 */
const QUERY_DEADLINE_MS = 10_000;

/** One referred lead as the report shows it. */
export interface ReferralLeadRow {
  workflowId: string;
  leadName: string;
  organisation: string;
  email: string;
  /** The handbook's label (`Assess Needs`, `Lost`), noting a workflow stopped by hand rather than by the lifecycle. */
  stage: string;
  /** ISO date-time of the lead's last move or, once it has ended, of its end; absent when it could not be read. */
  lastUpdate?: string;
  /** False once the lead's workflow has ended. */
  open: boolean;
}

export interface ReferralReportRequest {
  /** The report's workflow id: the same on every retry, so the report is sent once. */
  idempotencyKey: string;
  to: string;
  rows: ReferralLeadRow[];
  /** ISO date (YYYY-MM-DD). */
  sprintEnding: string;
}

function memoText(memo: Record<string, unknown> | undefined, key: string): string {
  const value = memo?.[key];
  return typeof value === 'string' ? value : '';
}

export function createAximReportActivities(deps: Pick<ActivityDeps, 'leads' | 'mailer' | 'companyDomain'>) {
  const { leads } = deps;

  /** What visibility alone says: all there is for an ended lead, whose state can no longer change. */
  function visibilityRow(execution: WorkflowExecutionInfo): ReferralLeadRow {
    const label = execution.typedSearchAttributes.get(LIFECYCLE_STAGE) ?? 'Unknown';
    const status = execution.status.name;
    // Won, Lost and Declined complete the workflow; any other end means someone stopped it outside the lifecycle.
    const stopped = status !== 'RUNNING' && status !== 'COMPLETED';
    return {
      workflowId: execution.workflowId,
      leadName: memoText(execution.memo, 'leadName'),
      organisation: memoText(execution.memo, 'organisation'),
      email: memoText(execution.memo, 'email'),
      stage: stopped ? `${label} (workflow ${status.toLowerCase().replace(/_/g, ' ')})` : label,
      lastUpdate: execution.closeTime?.toISOString(),
      open: status === 'RUNNING',
    };
  }

  async function runningRow(execution: WorkflowExecutionInfo): Promise<ReferralLeadRow> {
    try {
      const state = await leads.stateOf(execution.workflowId, execution.runId, QUERY_DEADLINE_MS);
      return {
        workflowId: execution.workflowId,
        leadName: state.lead.name,
        organisation: state.lead.organisation,
        email: state.lead.email,
        stage: STAGE_LABELS[state.stage],
        lastUpdate: state.history[state.history.length - 1]?.enteredAt,
        open: true,
      };
    } catch (error) {
      // A lead that cannot answer right now (its first task not run yet, or a task failing) still belongs in the
      // report: one stuck lead must not hold back the whole report, retrying for ever.
      log.warn('Axim report: lead state unavailable, using its visibility record', {
        workflowId: execution.workflowId,
        error: error instanceof Error ? error.message : String(error),
      });
      return visibilityRow(execution);
    }
  }

  return {
    /** Every lead Axim referred, running or ended, by organisation then name. */
    async collectReferralLeads(): Promise<ReferralLeadRow[]> {
      const latest = new Map<string, WorkflowExecutionInfo>();
      for await (const execution of leads.runsFrom(AXIM_REFERRAL_SOURCE)) {
        // A run that continued as new is listed next to its successor, which carries the lead on.
        if (execution.status.name === 'CONTINUED_AS_NEW') continue;
        // A lead whose workflow ended and was started again under the same id is listed once per run: keep the newest.
        const seen = latest.get(execution.workflowId);
        if (!seen || execution.startTime > seen.startTime) latest.set(execution.workflowId, execution);
      }
      const rows: ReferralLeadRow[] = [];
      for (const execution of latest.values()) {
        rows.push(execution.status.name === 'RUNNING' ? await runningRow(execution) : visibilityRow(execution));
      }
      return rows.sort(
        (a, b) =>
          a.organisation.localeCompare(b.organisation) ||
          a.leadName.localeCompare(b.leadName) ||
          a.workflowId.localeCompare(b.workflowId),
      );
    },

    async sendReferralReport(request: ReferralReportRequest): Promise<SendResult> {
      const email = referralStatusReport({ sprintEnding: request.sprintEnding, rows: request.rows });
      return sendOnce(deps, { idempotencyKey: request.idempotencyKey, to: [request.to], email });
    },
  };
}
