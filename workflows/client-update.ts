import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LifecycleActivities } from './activity-interface';
import type { ClientUpdateInput } from './client-update-messages';

const { sendClientUpdate } = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * One email keeping a client informed (handbook 003): the sprint's status, or features ready on staging. A workflow
 * of its own so a relay that is down delays it rather than losing it; its id makes it once per sprint or per set of
 * features, and its Message-ID once per workflow.
 */
export async function clientUpdate(input: ClientUpdateInput): ReturnType<typeof sendClientUpdate> {
  return sendClientUpdate({ ...input, idempotencyKey: workflowInfo().workflowId });
}
