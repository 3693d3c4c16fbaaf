import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';

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
