import { openFollowUps } from '../follow-ups';
import { idleDeadline, idleLimit, type IdleDays } from '../idle';
import { STAGE_LABELS } from '../stages';
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

/** When the workflow must wake next for due work, and why, in words the Web UI shows on the timer. */
export function nextWake(state: LifecycleState, settings: TimerSettings): { at: number; summary: string } | undefined {
  const followUp = openFollowUps(state)[0];
  const idleAt = idleDeadline(state, settings.idleDays);
  const idleDays = idleLimit(state.stage, settings.idleDays);
  const candidates = [
    followUp && { at: followUp.dueAt, summary: `Follow-up with ${state.lead.name}: ${followUp.reason}` },
    state.billing.nextRunAt && {
      at: state.billing.nextRunAt,
      summary: `Monthly billing run, ${state.lead.organisation}`,
    },
    idleAt && { at: idleAt.toISOString(), summary: `Idle check, ${STAGE_LABELS[state.stage]} ${idleDays ?? ''} d` },
  ]
    .filter((wake): wake is { at: string; summary: string } => Boolean(wake))
    .map((wake) => ({ at: Date.parse(wake.at), summary: wake.summary }));
  return candidates.reduce<{ at: number; summary: string } | undefined>(
    (earliest, wake) => (earliest === undefined || wake.at < earliest.at ? wake : earliest),
    undefined,
  );
}
