import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { LeadSource } from '../../rules/lead-source';
import { leadListQuery } from '../../workflows/lead-query';
import { stateQuery } from '../../workflows/messages';
import type { LifecycleState } from '../../workflows/state';
import type { LeadDirectory } from './port';

/** The lead directory on the Temporal server: its visibility store, and each lead's `state` query. */
export class TemporalLeadDirectory implements LeadDirectory {
  constructor(private readonly client: Client) {}

  runsFrom(source: LeadSource): AsyncIterable<WorkflowExecutionInfo> {
    // The same filter `cli list --source` and the Web UI use, so the report shows the leads they show.
    return this.client.workflow.list({ query: leadListQuery({ source }) });
  }

  stateOf(workflowId: string, runId: string, deadlineMs: number): Promise<LifecycleState> {
    const handle = this.client.workflow.getHandle(workflowId, runId);
    return this.client.withDeadline(Date.now() + deadlineMs, () => handle.query(stateQuery));
  }
}
