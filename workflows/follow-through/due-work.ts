import { openFollowUps } from '../follow-ups';
import { idleDeadline, idleLimit, type IdleDays } from '../idle';
import type { LifecycleState } from '../state';
import { runMonthlyBilling } from './billing';
import type { LeadContext } from './context';
import { flagIdleLead } from './idle';
import { remindDueFollowUps } from './reminders';

/** The lead's own settings for its timers, fixed when it started. */
export interface TimerSettings {
  followUpDays: number;
  idleDays: IdleDays | undefined;
}

/** Whatever fell due while the workflow slept: follow-up reminders, the monthly invoice, an idle flag. */
export async function runDueWork(ctx: LeadContext, settings: TimerSettings): Promise<void> {
  const now = new Date().getTime();
  await remindDueFollowUps(ctx, now, settings.followUpDays);
  const { nextRunAt } = ctx.state().billing;
  if (nextRunAt && Date.parse(nextRunAt) <= now) await runMonthlyBilling(ctx, new Date(nextRunAt));
  const idleAt = idleDeadline(ctx.state(), settings.idleDays);
  const idleDays = idleLimit(ctx.state().stage, settings.idleDays);
  if (idleAt && idleDays !== undefined && idleAt.getTime() <= now) await flagIdleLead(ctx, idleDays);
}

/** When the workflow must wake next for due work, if ever. */
export function nextWakeAt(state: LifecycleState, settings: TimerSettings): number | undefined {
  const times = [
    openFollowUps(state)[0]?.dueAt,
    state.billing.nextRunAt,
    idleDeadline(state, settings.idleDays)?.toISOString(),
  ]
    .filter((time): time is string => time !== undefined)
    .map((time) => Date.parse(time));
  return times.length > 0 ? Math.min(...times) : undefined;
}
