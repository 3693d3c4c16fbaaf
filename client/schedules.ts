/**
 * Typed helpers over the quarterly client strategy Schedules, for the CLI and the tests: what `list` and `describe`
 * show of a client's schedule, without Temporal's raw shapes.
 */
import { ScheduleNotFoundError, type Client, type ScheduleSummary } from '@temporalio/client';
import { InvalidInputError } from '../rules/validation';
import { clientStrategyReview } from '../workflows/strategy';
import { parseStrategyReviewInput, type StrategyReviewInput } from '../rules/strategy-review';

export { strategyScheduleId } from '../rules/strategy-review';

export interface StrategyScheduleSummary {
  scheduleId: string;
  organisation: string;
  paused: boolean;
  /** ISO date-times of the next few reviews (jitter included once Temporal has picked it). */
  nextActionTimes: string[];
  /** Reviews started recently, by the schedule or by a manual trigger. */
  recentActions: number;
}

export interface StrategyScheduleDetails extends StrategyScheduleSummary {
  note: string | undefined;
  /** Interval between reviews and the random delay added to each, in milliseconds. */
  everyMs: number | undefined;
  jitterMs: number | undefined;
  /** What each review is started with; undefined if someone edited the schedule into something else. */
  input: StrategyReviewInput | undefined;
  /** The workflow ids of the recent reviews, oldest first: each is also its tracker task's external id. */
  recentWorkflowIds: string[];
}

function memoText(memo: Record<string, unknown> | undefined, key: string): string {
  const value = memo?.[key];
  return typeof value === 'string' ? value : '';
}

function summarise(schedule: Pick<ScheduleSummary, 'scheduleId' | 'memo' | 'state' | 'info'>): StrategyScheduleSummary {
  return {
    scheduleId: schedule.scheduleId,
    organisation: memoText(schedule.memo, 'organisation'),
    paused: schedule.state.paused,
    nextActionTimes: schedule.info.nextActionTimes.map((time) => time.toISOString()),
    recentActions: schedule.info.recentActions.length,
  };
}

/**
 * Every client's strategy schedule. Listing goes through Temporal's visibility store, so a schedule created a moment
 * ago may take a second to appear.
 */
export async function listStrategySchedules(client: Client): Promise<StrategyScheduleSummary[]> {
  const schedules: StrategyScheduleSummary[] = [];
  for await (const schedule of client.schedule.list()) {
    if (schedule.action?.workflowType === clientStrategyReview.name) schedules.push(summarise(schedule));
  }
  return schedules.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}

/** Undefined when there is no such schedule (never created, or deleted when the engagement ended). */
export async function describeStrategySchedule(
  client: Client,
  scheduleId: string,
): Promise<StrategyScheduleDetails | undefined> {
  let description;
  try {
    description = await client.schedule.getHandle(scheduleId).describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
  const interval = description.spec.intervals?.[0];
  return {
    ...summarise(description),
    note: description.state.note,
    everyMs: interval?.every,
    jitterMs: description.spec.jitter,
    input: reviewInput(description.action.args?.[0]),
    recentWorkflowIds: description.info.recentActions.map((action) => action.action.workflow.workflowId),
  };
}

function reviewInput(value: unknown): StrategyReviewInput | undefined {
  try {
    return parseStrategyReviewInput(value);
  } catch (error) {
    if (error instanceof InvalidInputError) return undefined;
    throw error;
  }
}
