import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { InvalidInputError } from '../rules/validation';
import { STRATEGY_TIMEBOX_HOURS, parseStrategyReviewInput, type StrategyReviewInput } from '../rules/strategy-review';
import type { Mailer, SendResult } from './email/port';
import { strategyTask } from './email/templates';
import type { CreatedTask, TaskRequest, TaskTracker } from './tasks/port';
import { sendOnce } from './email/send-once';
import { DAY_MS } from '../rules/durations';
import { clientScheduleAction, createScheduleIfAbsent, deleteScheduleIfPresent } from './schedule-calls';

export type { CreatedTask } from './tasks/port';

/**
 * The workflow the schedule starts, by its registered name: activities never import workflow code, and a test fires
 * the schedule and sees the review done, which would fail on a name that drifted.
 */
export const STRATEGY_REVIEW_WORKFLOW = 'clientStrategyReview';

/** Handbook: "approximately once a quarter". 91 days is exactly 13 weeks: the nominal review day keeps its weekday. */
export const QUARTER = 91 * DAY_MS;
/** Spreads the reviews of clients who signed the same week over a few days, so no owner gets them all at once. */
export const STRATEGY_JITTER = 3 * DAY_MS;

export interface StrategyActivityDeps {
  tasks: TaskTracker;
  mailer: Mailer;
  /** For Message-IDs. */
  companyDomain: string;
  /** Schedules are managed through the Temporal client, which workflow code cannot use. */
  temporal: Client;
  /** Where the scheduled reviews run: the worker's task queue. */
  taskQueue: string;
}

export interface StrategyTaskRequest {
  /** The firing's workflow id: the same on every retry, so the task is created once. */
  externalId: string;
  organisation: string;
  clientName: string;
  clientOwner: string;
  mailingListLabel: string;
  /** ISO date (YYYY-MM-DD). */
  dueDate: string;
}

export interface StrategyNoticeRequest {
  idempotencyKey: string;
  clientOwner: string;
  organisation: string;
  taskUrl: string;
}

export interface EnsureStrategyScheduleRequest {
  scheduleId: string;
  input: StrategyReviewInput;
  /** Create it paused, e.g. for a client whose epic has not started yet. */
  paused?: boolean;
}

export interface StrategyScheduleResult {
  scheduleId: string;
  /** Ensure: false when the schedule already existed. Pause and delete: false when there was no schedule. */
  changed: boolean;
}

/** The tracker task for one quarterly review: the handbook's steps, timeboxed, for the client owner. */
export function strategyTaskRequest(request: StrategyTaskRequest): TaskRequest {
  return {
    externalId: request.externalId,
    summary: `Client strategy: ${request.organisation}`,
    description: [
      `Quarterly client strategy review for ${request.organisation} (contact: ${request.clientName}), ` +
        `timeboxed to ${STRATEGY_TIMEBOX_HOURS} hours.`,
      '',
      '1. Review the client briefing, the current epics and the value proposition, looking for patterns.',
      '2. If you see an opportunity for a new project, propose a few hours of discovery on it to the client.',
      '3. If the client accepts, schedule the discovery with someone on Discovery Duty.',
      '4. Update the Client Briefing and the Value Proposition if they have not been updated in a while.',
    ].join('\n'),
    assignee: request.clientOwner,
    dueDate: request.dueDate,
    estimateHours: STRATEGY_TIMEBOX_HOURS,
    labels: ['client-strategy', request.mailingListLabel],
  };
}

export function createStrategyActivities(deps: StrategyActivityDeps) {
  const { tasks, temporal, taskQueue } = deps;
  return {
    async createStrategyTask(request: StrategyTaskRequest): Promise<CreatedTask> {
      return tasks.createTask(strategyTaskRequest(request));
    },

    async sendStrategyTaskNotice(request: StrategyNoticeRequest): Promise<SendResult> {
      const email = strategyTask({
        owner: request.clientOwner,
        clientName: request.organisation,
        taskUrl: request.taskUrl,
        timeboxHours: STRATEGY_TIMEBOX_HOURS,
      });
      return sendOnce(deps, { idempotencyKey: request.idempotencyKey, to: [request.clientOwner], email });
    },

    /** Creates the client's quarterly schedule; one that already exists is left as it is. */
    async ensureStrategySchedule(request: EnsureStrategyScheduleRequest): Promise<StrategyScheduleResult> {
      let input: StrategyReviewInput;
      try {
        input = parseStrategyReviewInput(request.input);
      } catch (error) {
        // Retrying cannot fix the input, and a schedule created with it would fail every quarter.
        if (error instanceof InvalidInputError) throw ApplicationFailure.nonRetryable(error.message, 'InvalidInput');
        throw error;
      }
      const created = await createScheduleIfAbsent(temporal, {
        scheduleId: request.scheduleId,
        spec: {
          // Intervals count from the epoch: this offset puts the first review a quarter from now, not at
          // whatever epoch-aligned date happens to come next.
          intervals: [{ every: QUARTER, offset: Date.now() % QUARTER }],
          jitter: STRATEGY_JITTER,
        },
        action: clientScheduleAction({
          scheduleId: request.scheduleId,
          workflowType: STRATEGY_REVIEW_WORKFLOW,
          input,
          taskQueue,
          summary: `Quarterly strategy review: ${input.organisation}`,
        }),
        // The Web UI shows a schedule's spec in raw seconds: the memo says whose it is and how often, in words.
        memo: {
          client: input.organisation,
          cadence: `every quarter (${QUARTER / DAY_MS} days, ±${STRATEGY_JITTER / DAY_MS} days)`,
          organisation: input.organisation,
          clientOwner: input.clientOwner,
          leadWorkflowId: input.leadWorkflowId,
        },
        state: {
          paused: request.paused ?? false,
          note: `Quarterly client strategy review for ${input.organisation}, timeboxed to ${STRATEGY_TIMEBOX_HOURS} h`,
        },
      });
      return { scheduleId: request.scheduleId, changed: created };
    },

    /** Stops further reviews (the client epic is on hold); a schedule that is gone already is fine. */
    async pauseStrategySchedule(request: { scheduleId: string; note?: string }): Promise<StrategyScheduleResult> {
      try {
        await temporal.schedule.getHandle(request.scheduleId).pause(request.note ?? 'Paused by the lifecycle');
        return { scheduleId: request.scheduleId, changed: true };
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return { scheduleId: request.scheduleId, changed: false };
        throw error;
      }
    },

    /** The engagement ended: no more reviews. Deleting twice is fine. */
    async deleteStrategySchedule(request: { scheduleId: string }): Promise<StrategyScheduleResult> {
      return { scheduleId: request.scheduleId, changed: await deleteScheduleIfPresent(temporal, request.scheduleId) };
    },
  };
}
