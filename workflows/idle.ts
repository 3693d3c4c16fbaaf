import { isStage, type LifecycleStage, type Stage } from './stages';
import type { LifecycleState } from './state';
import type { Transition } from './transitions';
import { DAY_MS } from '../rules/durations';

/**
 * Days a sales stage may sit untouched before the lead is flagged and its owner told, as sales tools do. Client
 * stages (Development, Billing) move on their own calendar and are not watched.
 */
export const DEFAULT_IDLE_DAYS: Partial<Record<Stage, number>> = {
  'prospect-qualification': 14,
  'assess-needs': 21,
  blueprint: 21,
  proposal: 14,
  close: 21,
};

export type IdleDays = Partial<Record<Stage, number>>;

export function idleLimit(stage: LifecycleStage, overrides: IdleDays | undefined): number | undefined {
  if (!isStage(stage)) return undefined;
  return overrides?.[stage] ?? DEFAULT_IDLE_DAYS[stage];
}

/** When the current stage becomes idle, unless it is already flagged or not watched. */
export function idleDeadline(state: LifecycleState, overrides: IdleDays | undefined): Date | undefined {
  const days = idleLimit(state.stage, overrides);
  if (days === undefined || state.idle) return undefined;
  const entered = state.history[state.history.length - 1].enteredAt;
  return new Date(Date.parse(entered) + days * DAY_MS);
}

export function flagIdle(state: LifecycleState, idleDays: number, at: Date): Transition {
  return {
    state: { ...state, idle: { stage: state.stage, flaggedAt: at.toISOString(), idleDays } },
    summary: `Idle: nothing has moved for ${idleDays} days`,
  };
}
