/**
 * The lifecycle's start input, validated like any other input: a forged `resume` would start a lead as Won with any
 * client owner, and a negative `followUpDays` would send reminders in a loop.
 */
import { z } from 'zod';
import { STAGES } from './stages';
import type { LifecycleInput } from './messages';
import { InvalidInputError, parseInput } from '../rules/validation';

const days = z
  .number({ error: 'must be a number of days' })
  .positive('must be more than 0 days')
  .max(365, 'must be at most 365 days');

const idleDaysSchema = z.object(Object.fromEntries(STAGES.map((stage) => [stage, days.optional()]))).strict();

const lifecycleInputSchema = z
  .object({
    lead: z.unknown(),
    followUpDays: days.optional(),
    idleDays: idleDaysSchema.optional(),
    // Tests lower it to see the hand-over; far below 20 a run would hand over before it does anything.
    continueAsNewAfterEvents: z
      .number({ error: 'must be a number of events' })
      .int('must be a whole number')
      .min(20, 'must be at least 20')
      .max(10_000, "must be at most 10,000, below Temporal's history limit")
      .optional(),
    project: z.unknown().optional(),
    resume: z.unknown().optional(),
  })
  .strict();

/** `continuedFromRun` is the run this one continued from, if any: only the workflow itself hands a state over. */
export function checkLifecycleInput(input: unknown, continuedFromRun: string | undefined): LifecycleInput {
  const parsed = parseInput(lifecycleInputSchema, input, 'start') as LifecycleInput;
  if (parsed.resume !== undefined && continuedFromRun === undefined) {
    throw new InvalidInputError('Invalid start', [
      { field: 'resume', message: "is set only by the workflow's own continue-as-new" },
    ]);
  }
  return parsed;
}
