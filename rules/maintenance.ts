import { z } from 'zod';
import { parseInput } from './validation';

export type MaintenanceTier = 1 | 2;

/** Monthly hours per instance; denominated in hours so the price follows our hourly rate, not a fixed sum. */
export const MAINTENANCE_TIER_HOURS = { 1: 7, 2: 11 } as const;
/** The rule of thumb for clients without further information: more than this many users needs tier two. */
export const TIER_TWO_USER_THRESHOLD = 1000;
export const DEFAULT_INSTANCES = 1;

export const DEPLOYMENTS = ['shared', 'dedicated', 'aws'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

export interface MaintenanceInput {
  users?: number;
  deployment?: Deployment;
  instances?: number;
  override?: MaintenanceTier;
}

const inputSchema = z.strictObject({
  users: z
    .number({ error: 'must be a number of users' })
    .int('must be a whole number of users')
    .nonnegative('cannot be negative')
    .optional(),
  deployment: z.enum(DEPLOYMENTS, { error: "must be 'shared', 'dedicated' or 'aws'" }).optional(),
  instances: z
    .number({ error: 'must be a number of instances' })
    .int('must be a whole number of instances')
    .positive('must be at least 1 instance')
    .optional(),
  override: z.literal([1, 2], { error: 'must be tier 1 or 2' }).optional(),
}) satisfies z.ZodType<MaintenanceInput>;

/** The schema itself stays private: modules the worker shares between runs must not export one (SHARED_WORKFLOW_MODULES, worker/create-worker.ts). */
export function maintenanceInputSchema(): typeof inputSchema {
  return inputSchema;
}

export interface MaintenanceSuggestion {
  tier: MaintenanceTier;
  hoursPerInstance: number;
  instances: number;
  monthlyHours: number;
  reasons: string[];
}

function tierTwoSignals(users: number | undefined, deployment: Deployment | undefined, instances: number): string[] {
  const signals: string[] = [];
  if (users !== undefined && users > TIER_TWO_USER_THRESHOLD) {
    signals.push(
      `${users} users is more than ${TIER_TWO_USER_THRESHOLD}: more data and more drag on maintenance tasks`,
    );
  }
  if (deployment === 'aws') {
    signals.push('deployed on AWS, which is always a dedicated cluster upgraded on its own');
  } else if (deployment === 'dedicated') {
    signals.push('a dedicated cluster is upgraded on its own, not with the shared infrastructure');
  }
  if (instances > 1) {
    signals.push(`${instances} instances are more complex to coordinate`);
  }
  return signals;
}

/**
 * A suggestion, not a verdict: any tier-two factor tips the scale, but the team may know factors this cannot see
 * (a simplified instance, a complex one), so an explicit override wins. Validated at run time too: the details
 * arrive from people over the wire.
 */
export function suggestMaintenanceTier(input: MaintenanceInput): MaintenanceSuggestion {
  const {
    users,
    deployment,
    instances = DEFAULT_INSTANCES,
    override,
  } = parseInput(inputSchema, input, 'maintenance details');
  const signals = tierTwoSignals(users, deployment, instances);
  const suggested: MaintenanceTier = signals.length > 0 ? 2 : 1;
  const reasons =
    signals.length > 0
      ? signals.map((signal) => `tier 2 suggested: ${signal}`)
      : [
          `tier 1 suggested: no tier-two factor (more than ${TIER_TWO_USER_THRESHOLD} users, a dedicated cluster or several instances) is known`,
        ];
  const tier = override ?? suggested;
  if (override !== undefined) {
    reasons.push(
      override === suggested
        ? `tier ${override} confirmed by override: the team knows the other factors`
        : `tier ${override} set by override instead of tier ${suggested}: the team knows other factors`,
    );
  }
  const hoursPerInstance = MAINTENANCE_TIER_HOURS[tier];
  const monthlyHours = hoursPerInstance * instances;
  reasons.push(`contracts are per instance: ${instances} × ${hoursPerInstance} h = ${monthlyHours} h a month`);
  return { tier, hoursPerInstance, instances, monthlyHours, reasons };
}
