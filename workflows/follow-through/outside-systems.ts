import { proxyActivities } from '@temporalio/workflow';
import type { LifecycleActivities } from '../activity-interface';
import { OUTSIDE_SYSTEM_BACKOFF } from '../activity-retry';

/** Retried with backoff; after this many attempts the failure is surfaced on the lead rather than retried for ever. */
const OUTSIDE_SYSTEM_RETRY = { ...OUTSIDE_SYSTEM_BACKOFF, maximumAttempts: 10 };

/** Email, tasks, invoices, schedules: each a short call to one outside system. */
export const outsideSystems = proxyActivities<LifecycleActivities>({
  // Above the adapters' own request budgets (Jira: up to three 30 s calls), so an attempt never outlives its deadline.
  startToCloseTimeout: '5 minutes',
  // The worker heartbeats every running activity (worker/heartbeat-interceptor.ts): an attempt lost with a crashed
  // worker is retried after this, not after the whole five minutes.
  heartbeatTimeout: '30 seconds',
  retry: OUTSIDE_SYSTEM_RETRY,
});

/** Recordings are large: a long deadline, and heartbeats so a stalled upload is noticed within a minute. */
export const recordingUploads = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: OUTSIDE_SYSTEM_RETRY,
});
