import { ApplicationFailure } from '@temporalio/activity';
import {
  isGrpcServiceError,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ServiceError,
  type Client,
  type ScheduleOptions,
  type ScheduleOptionsAction,
} from '@temporalio/client';

/**
 * What a client's own schedule starts: the workflow (by its registered name: activities never import workflow
 * code) with the client's input, under the schedule's id, to which Temporal appends each firing's time, so every
 * firing gets a workflow id of its own (the idempotency key of what it does).
 */
export function clientScheduleAction(options: {
  scheduleId: string;
  workflowType: string;
  input: { organisation: string };
  taskQueue: string;
  summary: string;
}): ScheduleOptionsAction {
  return {
    type: 'startWorkflow',
    workflowType: options.workflowType,
    args: [options.input],
    taskQueue: options.taskQueue,
    workflowId: options.scheduleId,
    memo: { organisation: options.input.organisation },
    staticSummary: options.summary,
  };
}

/** Creates the schedule and returns true; one that exists already is left as it is, and false returned. */
export async function createScheduleIfAbsent(temporal: Client, options: ScheduleOptions): Promise<boolean> {
  try {
    await temporal.schedule.create(options);
    return true;
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return false;
    throw schedulesUnsupported(error) ?? error;
  }
}

/** gRPC's UNIMPLEMENTED. */
const UNIMPLEMENTED = 12;

/**
 * A server without Schedules (the time-skipping test server) will not grow them on a retry: said once, plainly,
 * instead of ten attempts over half an hour.
 */
function schedulesUnsupported(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ServiceError ? error.cause : error;
  if (!isGrpcServiceError(cause) || Number(cause.code) !== UNIMPLEMENTED) return undefined;
  return ApplicationFailure.nonRetryable('this Temporal server does not support Schedules', 'SchedulesUnsupported');
}

/** Deletes the schedule and returns true; one that is gone already (deleted twice, never created) returns false. */
export async function deleteScheduleIfPresent(temporal: Client, scheduleId: string): Promise<boolean> {
  try {
    await temporal.schedule.getHandle(scheduleId).delete();
    return true;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return false;
    throw error;
  }
}
