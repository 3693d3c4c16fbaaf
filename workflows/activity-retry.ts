import type { RetryPolicy } from '@temporalio/common';

/** A call to an outside system is tried again soon, then at most every 10 minutes while the system stays down. */
export const OUTSIDE_SYSTEM_BACKOFF = {
  initialInterval: '5 seconds',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
} as const satisfies RetryPolicy;
