import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { OUTSIDE_SYSTEM_BACKOFF } from './activity-retry';
import type { LifecycleActivities } from './activity-interface';
import type { ClientUpdateInput } from './client-update-messages';

const { sendClientUpdate } = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '1 minute',
  retry: OUTSIDE_SYSTEM_BACKOFF,
});

/**
 * One email keeping a client informed (handbook 003): the sprint's status, or features ready on staging. A workflow
 * of its own so a relay that is down delays it rather than losing it; its id makes it once per sprint or per set of
 * features, and its Message-ID once per workflow.
 */
export async function clientUpdate(input: ClientUpdateInput): ReturnType<typeof sendClientUpdate> {
  return sendClientUpdate({ ...input, idempotencyKey: workflowInfo().workflowId });
}
