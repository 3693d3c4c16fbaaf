import { z } from 'zod';
import { parseInput } from './validation';

/** Option 1: a discovery of up to five billable hours to blueprint the feature and give a final estimate. */
export const MAX_SMALL_DISCOVERY_HOURS = 5;
/** Option 2: the client agrees to up to X hours of development, no fewer than ten. */
export const MIN_SMALL_DEVELOPMENT_HOURS = 10;

export type SmallProjectInput =
  { option: 'discovery'; discoveryHours: number } | { option: 'development'; developmentHours: number };

const hours = z.number({ error: 'must be a number of hours' });

const planSchema = z.discriminatedUnion(
  'option',
  [
    z.strictObject({
      option: z.literal('discovery'),
      discoveryHours: hours
        .positive('must be more than 0 hours')
        .max(MAX_SMALL_DISCOVERY_HOURS, `must be at most ${MAX_SMALL_DISCOVERY_HOURS} billable hours`),
    }),
    z.strictObject({
      option: z.literal('development'),
      developmentHours: hours.min(MIN_SMALL_DEVELOPMENT_HOURS, `must be at least ${MIN_SMALL_DEVELOPMENT_HOURS} hours`),
    }),
  ],
  { error: "must be 'discovery' or 'development'" },
) satisfies z.ZodType<SmallProjectInput>;

/** The schema itself stays private: modules the worker shares between runs must not export one (SHARED_WORKFLOW_MODULES, worker/create-worker.ts). */
export function smallProjectSchema(): typeof planSchema {
  return planSchema;
}

export interface SmallProjectPlan {
  option: 'discovery' | 'development';
  billableHours: number;
  /** Small projects are one-off task assignments: no new client owner is assigned. */
  assignClientOwner: false;
  summary: string;
}

const ONE_OFF = 'a one-off task assignment, no new client owner';

export function planSmallProject(input: unknown): SmallProjectPlan {
  const plan = parseInput(planSchema, input, 'small project');
  if (plan.option === 'discovery') {
    return {
      option: 'discovery',
      billableHours: plan.discoveryHours,
      assignClientOwner: false,
      summary: `Small project: a discovery of up to ${plan.discoveryHours} billable hours to blueprint the feature and give a final estimate; ${ONE_OFF}`,
    };
  }
  return {
    option: 'development',
    billableHours: plan.developmentHours,
    assignClientOwner: false,
    summary: `Small project: up to ${plan.developmentHours} hours of development to see how far we get, delivering what we can if the feature is not finished; ${ONE_OFF}`,
  };
}
