import { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';

/** Well inside the workflows' 30 s heartbeat timeout, so a live attempt is never mistaken for a lost one. */
export const HEARTBEAT_EVERY_MS = 5_000;

/** Activities that heartbeat their own progress: a bare heartbeat from here would overwrite it. */
const REPORTS_OWN_PROGRESS = new Set(['storeMeetingRecording']);

/**
 * Heartbeats every running activity while it works. An attempt whose worker was killed stops heartbeating, so the
 * server retries it after the heartbeat timeout instead of waiting out the whole start-to-close timeout.
 */
export class HeartbeatWhileRunning implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const context = Context.current();
    if (REPORTS_OWN_PROGRESS.has(context.info.activityType)) return next(input);
    const beat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await next(input);
    } finally {
      clearInterval(beat);
    }
  }
}
