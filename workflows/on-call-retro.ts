import { ApplicationFailure, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { OUTSIDE_SYSTEM_BACKOFF } from './activity-retry';
import type { LifecycleActivities } from './activity-interface';
import { onCallWeek } from '../rules/on-call';
import { retroRequestSignal, type OnCallRetroInput } from './support-messages';

const { createOnCallRetroTask } = proxyActivities<LifecycleActivities>({
  // Each request of the week is queried, up to 10 s each when its worker is slow.
  startToCloseTimeout: '5 minutes',
  retry: OUTSIDE_SYSTEM_BACKOFF,
});

/**
 * The on-call retro of one week (handbook 004): started by the week's first support request, told of each one
 * after it, and at the week's end (Monday 00:00 UTC) it creates the retro task listing them with the handbook's
 * three questions. A week without requests has no workflow and no task: there is nothing to look back on.
 */
export async function onCallRetro(
  input: OnCallRetroInput,
): Promise<{ requests: string[]; task: Awaited<ReturnType<typeof createOnCallRetroTask>> }> {
  const week = onCallWeek(Date.parse(`${input.weekStart}T00:00:00Z`));
  if (week.start !== input.weekStart) {
    throw ApplicationFailure.nonRetryable(
      `Invalid retro: weekStart: must be a Monday, e.g. ${week.start}`,
      'InvalidInput',
    );
  }
  const requests: string[] = [];
  setHandler(retroRequestSignal, ({ workflowId }) => {
    if (!requests.includes(workflowId)) requests.push(workflowId);
  });
  const remaining = week.endMs - Date.now();
  if (remaining > 0) await sleep(remaining);
  const task = await createOnCallRetroTask({
    idempotencyKey: workflowInfo().workflowId,
    weekStart: week.start,
    weekEnd: week.end,
    workflowIds: [...requests],
  });
  return { requests, task };
}
