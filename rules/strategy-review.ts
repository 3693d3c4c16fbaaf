import { z } from 'zod';
import { emailAddress, parseInput, requiredText } from './validation';
import { DAY_MS } from './durations';

/** Handbook: the client strategy task is "timeboxed to three hours". */
export const STRATEGY_TIMEBOX_HOURS = 3;
/** Two weeks to fit three hours in: a sprint's worth, so the owner can plan it rather than drop everything. */
export const STRATEGY_DUE_DAYS = 14;

export interface StrategyReviewInput {
  /** The lead's lifecycle workflow, which owns the schedule. */
  leadWorkflowId: string;
  /** The client's main contact. */
  clientName: string;
  organisation: string;
  /** Email of the client owner, who does the review. */
  clientOwner: string;
  /** The client's help+<label>@ label; also labels the task. */
  mailingListLabel: string;
}

const strategyReviewSchema = z
  .object({
    leadWorkflowId: requiredText(),
    clientName: requiredText(),
    organisation: requiredText(),
    clientOwner: emailAddress('must be a valid email address'),
    mailingListLabel: requiredText().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
  })
  .strict();

/** Shared with the activity that creates the schedule, so bad input is refused before any quarter fires with it. */
export function parseStrategyReviewInput(input: unknown): StrategyReviewInput {
  return parseInput(strategyReviewSchema, input, 'strategy review');
}

/**
 * One schedule per client, named after its lead, so the lifecycle workflow can find it again (to pause or delete it)
 * without storing anything. Pure, so workflow code can call it too.
 */
export function strategyScheduleId(leadWorkflowId: string): string {
  return `strategy-${leadWorkflowId}`;
}

/** `YYYY-MM-DD`, `days` after `from` (UTC). */
export function dueDateAfter(from: Date, days: number): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}
