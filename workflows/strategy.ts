import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { OUTSIDE_SYSTEM_BACKOFF } from './activity-retry';
import type { CreatedTask, StrategyActivities } from './activity-interface';
import {
  dueDateAfter,
  parseStrategyReviewInput,
  STRATEGY_DUE_DAYS,
  type StrategyReviewInput,
} from '../rules/strategy-review';
import { acceptInput } from './workflow-input';

const { createStrategyTask, sendStrategyTaskNotice } = proxyActivities<StrategyActivities>({
  startToCloseTimeout: '1 minute',
  retry: OUTSIDE_SYSTEM_BACKOFF,
});

/**
 * The quarterly client strategy ticket (handbook, "Client Strategy Tickets"), started by a Temporal Schedule: a
 * three-hour task for the client owner to review the briefing, epics and value proposition, and an email telling
 * them about it.
 */
export async function clientStrategyReview(input: StrategyReviewInput): Promise<CreatedTask> {
  const review = acceptInput(() => parseStrategyReviewInput(input));
  // A Schedule gives each firing its own workflow id: as the task's external id, a retried firing finds its task.
  const { workflowId } = workflowInfo();
  const task = await createStrategyTask({
    externalId: workflowId,
    organisation: review.organisation,
    clientName: review.clientName,
    clientOwner: review.clientOwner,
    mailingListLabel: review.mailingListLabel,
    dueDate: dueDateAfter(new Date(), STRATEGY_DUE_DAYS),
  });
  await sendStrategyTaskNotice({
    idempotencyKey: `${workflowId}/strategy-notice`,
    clientOwner: review.clientOwner,
    organisation: review.organisation,
    taskUrl: task.url,
  });
  return task;
}
