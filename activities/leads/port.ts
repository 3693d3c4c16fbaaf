import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { LeadSource } from '../../rules/lead-source';
import type { LifecycleState } from '../../workflows/state';

/** The leads as their workflows know them: what a report about many leads reads, without the client module. */
export interface LeadDirectory {
  /** Every run of a lead workflow that came from `source`, running or ended, as visibility lists it. */
  runsFrom(source: LeadSource): AsyncIterable<WorkflowExecutionInfo>;
  /** What a running lead's workflow answers now; throws when it cannot answer within `deadlineMs`. */
  stateOf(workflowId: string, runId: string, deadlineMs: number): Promise<LifecycleState>;
}
