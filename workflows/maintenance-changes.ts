/**
 * 001: a maintenance tier "may change later on if a client's infrastructure changes significantly", and a client
 * whose instances are too large or complex for a contract moves to hourly work, billed like support from its logs.
 * The change applies from the next monthly invoice; the lead's notes keep what changed, when, and why.
 */
import { z } from 'zod';
import { maintenanceInputSchema, suggestMaintenanceTier } from '../rules/maintenance';
import { InvalidInputError, parseInput, requiredText } from '../rules/validation';
import { STAGE_LABELS } from './stages';
import type { DealTerms, LifecycleState } from './state';
import type { Transition } from './transitions';
import { startMonthlyBilling } from './billing';

const maintenanceChangeSchema = z.discriminatedUnion(
  'change',
  [
    z.strictObject({
      change: z.literal('tier'),
      by: requiredText(),
      /** The infrastructure as it is now: users, deployment, instances, or an override. */
      maintenance: maintenanceInputSchema(),
    }),
    z.strictObject({
      change: z.literal('hourly'),
      by: requiredText(),
      reason: requiredText(),
    }),
  ],
  { error: "must be 'tier' (the infrastructure changed) or 'hourly' (too large for a contract)" },
);
export type MaintenanceChangeRequest = z.input<typeof maintenanceChangeSchema>;

function describe(deal: DealTerms | undefined): string {
  if (deal?.hourlyMaintenance) return 'hourly maintenance';
  if (!deal?.maintenance) return 'no maintenance contract';
  const { tier, instances, monthlyHours } = deal.maintenance;
  return `tier ${tier} (${instances} × ${deal.maintenance.hoursPerInstance} h = ${monthlyHours} h a month; ${instances === 1 ? '1 instance' : `${instances} instances`})`;
}

export function changeMaintenance(state: LifecycleState, request: unknown, now: Date): Transition {
  const parsed = parseInput(maintenanceChangeSchema, request, 'maintenance change');
  if (state.stage !== 'development' && state.stage !== 'billing') {
    throw new InvalidInputError('Maintenance change rejected', [
      { field: 'lead', message: `the lead is in ${STAGE_LABELS[state.stage]}: only a client's maintenance changes` },
    ]);
  }
  const before = describe(state.deal);
  const deal: DealTerms = { ...(state.deal ?? { pricing: 'fixed' }) };
  let reasons: string[];
  if (parsed.change === 'tier') {
    const suggestion = suggestMaintenanceTier(parsed.maintenance);
    deal.maintenance = suggestion;
    delete deal.hourlyMaintenance;
    reasons = suggestion.reasons;
  } else {
    delete deal.maintenance;
    deal.hourlyMaintenance = true;
    reasons = [parsed.reason];
  }
  const after = describe(deal);
  const text = `Maintenance changed from ${before} to ${after}, from the next monthly invoice: ${reasons.join('; ')}`;
  const changed: LifecycleState = {
    ...state,
    deal,
    notes: [...state.notes, { at: now.toISOString(), by: parsed.by, text }],
  };
  // A client that billed only once (a fixed price) starts billing monthly with its first maintenance.
  return { state: startMonthlyBilling(changed, now), summary: text };
}
