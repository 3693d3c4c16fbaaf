/** Leads found through visibility (`list`, the pipeline page), kept apart from starting and changing them. */
import type { Client } from '@temporalio/client';
import { leadListQuery, type LeadFilter } from '../workflows/lead-query';
import {
  CLIENT_OWNER,
  FOLLOW_UP_DUE,
  FOLLOW_UP_OVERDUE,
  LEAD_IDLE,
  LEAD_PRIORITY,
  LEAD_SCORE,
  LEAD_SOURCE,
  LIFECYCLE_STAGE,
} from '../workflows/search-attributes';

export interface LeadSummary {
  workflowId: string;
  /** The run the listing saw: with the workflow id, the lead's page in the Temporal Web UI. */
  runId: string;
  status: string;
  leadName: string;
  organisation: string;
  stage: string;
  priority: string;
  score: number | undefined;
  clientOwner: string;
  /** The business developer the lead arrived with. */
  leadOwner: string;
  followUpDue: string | undefined;
  overdue: boolean;
  source: string;
  idle: boolean;
  startedAt: string;
}

export function listLeads(client: Client, filter: LeadFilter): Promise<LeadSummary[]> {
  return listLeadsWhere(client, leadListQuery(filter));
}

/** Leads matching a visibility query (built with leadListQuery's clauses, or the pipeline's own). */
export async function listLeadsWhere(client: Client, query: string): Promise<LeadSummary[]> {
  const leads: LeadSummary[] = [];
  for await (const execution of client.workflow.list({ query })) {
    const attributes = execution.typedSearchAttributes;
    const memo = execution.memo ?? {};
    leads.push({
      workflowId: execution.workflowId,
      runId: execution.runId,
      status: execution.status.name,
      leadName: typeof memo.leadName === 'string' ? memo.leadName : '',
      organisation: typeof memo.organisation === 'string' ? memo.organisation : '',
      stage: attributes.get(LIFECYCLE_STAGE) ?? '',
      priority: attributes.get(LEAD_PRIORITY) ?? '',
      score: attributes.get(LEAD_SCORE),
      clientOwner: attributes.get(CLIENT_OWNER) ?? '',
      leadOwner: typeof memo.owner === 'string' ? memo.owner : '',
      followUpDue: attributes.get(FOLLOW_UP_DUE)?.toISOString(),
      overdue: attributes.get(FOLLOW_UP_OVERDUE) ?? false,
      source: attributes.get(LEAD_SOURCE) ?? '',
      idle: attributes.get(LEAD_IDLE) ?? false,
      startedAt: execution.startTime.toISOString(),
    });
  }
  return leads;
}
