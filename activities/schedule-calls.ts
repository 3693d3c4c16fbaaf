import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
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
    throw error;
  }
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
