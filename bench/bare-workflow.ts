/**
 * The bare shape the lifecycle is measured against: the lifecycle's Updates, by the same names, and the same number
 * of activities at the same points, with trivial bodies. No state machine, no timers, no search attributes, no
 * continue-as-new: what is left is what Temporal itself costs for a lead's conversation.
 */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { InvoiceReview } from '../workflows/billing';
import type { GateRequest } from '../workflows/gates';
import type { MeetingDoneRequest } from '../workflows/meetings';
import type { createBareActivities } from './bare-activities';

export interface BareInput {
  /**
   * Activities to run at each point: index 0 when the workflow starts, index i inside the i-th Update. Measured
   * from a real lifecycle's history, so the two shapes do the same amount of activity work.
   */
  activitiesAt: number[];
}

/** Same names as workflows/messages.ts: a client drives both shapes with the same calls. */
export const bareGateUpdate = defineUpdate<number, [GateRequest]>('completeGate');
export const bareMeetingDoneUpdate = defineUpdate<number, [MeetingDoneRequest]>('meetingDone');
export const bareReviewInvoiceUpdate = defineUpdate<number, [InvoiceReview]>('reviewInvoice');

const { bareStep } = proxyActivities<ReturnType<typeof createBareActivities>>({ startToCloseTimeout: '1 minute' });

export async function bareLifecycle(input: BareInput): Promise<number> {
  let updates = 0;
  let finished = false;
  const runActivitiesOfNextUpdate = async (): Promise<number> => {
    updates += 1;
    for (let i = 0; i < (input.activitiesAt[updates] ?? 0); i++) await bareStep();
    return updates;
  };
  setHandler(bareGateUpdate, runActivitiesOfNextUpdate);
  setHandler(bareMeetingDoneUpdate, runActivitiesOfNextUpdate);
  setHandler(bareReviewInvoiceUpdate, async (review) => {
    const answer = await runActivitiesOfNextUpdate();
    finished = review.approved;
    return answer;
  });
  for (let i = 0; i < (input.activitiesAt[0] ?? 0); i++) await bareStep();
  await condition(() => finished);
  return updates;
}
