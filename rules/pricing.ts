import { z } from 'zod';
import { sumHours } from './hours';
import { parseInput } from './validation';

export type ProposalPricingInput =
  | { pricing: 'fixed'; estimatedHours: number; discoveryHours: number; discoveryBilled: boolean }
  | { pricing: 'iterative'; monthlyHours: number };

const hours = z.number({ error: 'must be a number of hours' });

const pricingSchema = z.discriminatedUnion(
  'pricing',
  [
    z.strictObject({
      pricing: z.literal('fixed'),
      estimatedHours: hours.positive('must be more than 0 hours'),
      discoveryHours: hours.nonnegative('cannot be negative'),
      discoveryBilled: z.boolean({ error: 'must say whether the discovery was already billed (true or false)' }),
    }),
    z.strictObject({
      pricing: z.literal('iterative'),
      monthlyHours: hours.positive('must be more than 0 hours a month'),
    }),
  ],
  { error: "must be 'fixed' or 'iterative'" },
) satisfies z.ZodType<ProposalPricingInput>;

/** The schema itself stays private: modules the worker shares between runs must not export one (SHARED_WORKFLOW_MODULES, worker/create-worker.ts). */
export function proposalPricingSchema(): typeof pricingSchema {
  return pricingSchema;
}

export type ProposalPrice =
  | { pricing: 'fixed'; totalHours: number; lines: { label: string; hours: number }[] }
  | { pricing: 'iterative'; monthlyHoursBank: number };

export const ESTIMATED_WORK_LABEL = 'Estimated work';
export const UNBILLED_DISCOVERY_LABEL = 'Discovery (not yet billed)';

/**
 * Fixed price: the full estimated hours, plus the discovery unless it was already billed, as separate lines so the
 * client sees where the hours go. Iterative: the expected monthly hours go in a monthly time bank, not a lump sum.
 */
export function priceProposal(input: unknown): ProposalPrice {
  const pricing = parseInput(pricingSchema, input, 'proposal pricing');
  if (pricing.pricing === 'iterative') {
    return { pricing: 'iterative', monthlyHoursBank: pricing.monthlyHours };
  }
  const lines = [{ label: ESTIMATED_WORK_LABEL, hours: pricing.estimatedHours }];
  if (!pricing.discoveryBilled && pricing.discoveryHours > 0) {
    lines.push({ label: UNBILLED_DISCOVERY_LABEL, hours: pricing.discoveryHours });
  }
  return { pricing: 'fixed', totalHours: sumHours(lines.map((line) => line.hours)), lines };
}
