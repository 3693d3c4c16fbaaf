import { ActivityFailure } from '@temporalio/workflow';
import { followUpOwner } from '../follow-ups';
import { flagIdle } from '../idle';
import { STAGE_LABELS } from '../stages';
import type { LeadContext } from './context';
import { outsideSystems } from './outside-systems';

/** Nobody moved the lead within its stage's idle limit: flagged for the Web UI, and its owner told. */
export async function flagIdleLead(ctx: LeadContext, idleDays: number): Promise<void> {
  const before = ctx.state();
  const entered = before.history[before.history.length - 1].enteredAt;
  const state = ctx.commit(flagIdle(before, idleDays, new Date()));
  const owner = followUpOwner(state);
  if (!owner) return;
  try {
    await outsideSystems.sendIdleWarning({
      idempotencyKey: ctx.keyFor(`idle/${state.stage}/${entered}`),
      to: owner,
      leadName: state.lead.name,
      organisation: state.lead.organisation,
      stage: STAGE_LABELS[state.stage],
      idleDays,
      lastActivity: entered,
    });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    ctx.recordProblem('idle warning', error);
  }
}
