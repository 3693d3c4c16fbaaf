/**
 * The sprint report of Axim referral leads as a Temporal Schedule: `npm start` ensures it, the Web UI shows it under
 * Schedules, where it can be paused or triggered by hand.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { z } from 'zod';
import { aximReferralReport, parseAximReportInput } from '../workflows/axim-report';
import { parseInput } from '../rules/validation';
import { DAY_MS } from '../rules/durations';

/** One report for the whole team: a fixed id makes creating it idempotent. */
export const AXIM_REPORT_SCHEDULE_ID = 'axim-referral-report';

export interface AximReportScheduleOptions {
  /** Where the reports run: the worker's task queue. */
  taskQueue: string;
  /** The sprint length: the handbook asks for an update "every sprint or two". */
  everyDays: number;
  /** The Business Development Specialist. */
  to: string;
}

const everyDaysSchema = z.number().int('must be a whole number of days').positive('must be at least 1');

/**
 * Creates the schedule, the first report one sprint from now, and returns true; returns false when it exists already,
 * leaving it as it is (delete it in the Web UI or with `temporal schedule delete` to change its interval or address).
 */
export async function ensureAximReportSchedule(client: Client, options: AximReportScheduleOptions): Promise<boolean> {
  const input = parseAximReportInput({ to: options.to });
  const everyDays = parseInput(everyDaysSchema, options.everyDays, 'everyDays');
  const every = everyDays * DAY_MS;
  try {
    await client.schedule.create({
      scheduleId: AXIM_REPORT_SCHEDULE_ID,
      spec: {
        // Intervals count from the epoch: this offset puts the first report a sprint from now, not at whatever
        // epoch-aligned date happens to come next.
        intervals: [{ every, offset: Date.now() % every }],
      },
      action: {
        type: 'startWorkflow',
        workflowType: aximReferralReport,
        args: [input],
        taskQueue: options.taskQueue,
        // Temporal appends each firing's time, so every report gets its own workflow id (its email's idempotency key).
        workflowId: AXIM_REPORT_SCHEDULE_ID,
        staticSummary: `Axim referral leads report to ${input.to}`,
      },
      // The Web UI shows a schedule's spec in raw seconds: the memo says what it is and how often, in words.
      memo: { report: 'Axim referral leads', to: input.to, cadence: `every ${everyDays} days` },
      policies: {
        overlap: ScheduleOverlapPolicy.SKIP,
        // After downtime (a laptop running `npm start`), send the one report missed this sprint, not a backlog.
        catchupWindow: every,
      },
      state: { note: `Axim referral leads report to ${input.to} every ${everyDays} days` },
    });
    return true;
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return false;
    throw error;
  }
}
