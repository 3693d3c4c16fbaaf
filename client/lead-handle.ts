/**
 * Finding a lead and reading it: what `status` needs, kept apart from starting and changing leads (client/lifecycle.ts),
 * whose input schemas would load zod into every `status`.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { leadWorkflowId } from '../workflows/lead-id';
import type { customerLifecycle } from '../workflows/lifecycle';
import { stateQuery } from '../workflows/messages';
import type { LifecycleState } from '../workflows/state';

export type LifecycleHandle = WorkflowHandle<typeof customerLifecycle>;

/** A lead is named by its workflow id (`lead-ana@example.org`) or simply by its email. */
export function leadHandle(client: Client, lead: string): LifecycleHandle {
  const workflowId = lead.startsWith('lead-') || lead.startsWith('project-') ? lead : leadWorkflowId({ email: lead });
  return client.workflow.getHandle<typeof customerLifecycle>(workflowId);
}

export function getLeadState(client: Client, lead: string): Promise<LifecycleState> {
  return leadHandle(client, lead).query(stateQuery);
}

/** Work the lead's workflow is waiting on or retrying: what `status` shows under "Pending". */
export interface PendingWork {
  activity: string;
  attempt: number;
  /** The last attempt's error, decoded (and decrypted) like any failure this client reads. */
  lastError?: string;
  nextAttemptAt?: string;
}

/** Read from the server's own record of the execution (describe): the workflow's state does not carry retries. */
export async function pendingWork(client: Client, lead: string): Promise<PendingWork[]> {
  const { raw } = await leadHandle(client, lead).describe();
  return Promise.all(
    (raw.pendingActivities ?? []).map(async (activity) => {
      const error = await decodeOptionalFailureToOptionalError(
        client.options.loadedDataConverter,
        activity.lastFailure ?? undefined,
      );
      const next = activity.nextAttemptScheduleTime?.seconds;
      return {
        activity: activity.activityType?.name ?? 'unknown',
        attempt: activity.attempt ?? 1,
        ...(error ? { lastError: error.message } : {}),
        ...(next ? { nextAttemptAt: new Date(Number(next) * 1000).toISOString() } : {}),
      };
    }),
  );
}
