import { ActivityFailure } from '@temporalio/workflow';
import { openFollowUps, remindAndRollForward } from '../follow-ups';
import { STAGE_LABELS } from '../stages';
import type { LeadContext } from './context';
import { outsideSystems } from './outside-systems';

/** Each follow-up that fell due: its owner reminded, and the follow-up rolled forward until someone completes it. */
export async function remindDueFollowUps(ctx: LeadContext, now: number, followUpDays: number): Promise<void> {
  for (const due of openFollowUps(ctx.state()).filter((followUp) => Date.parse(followUp.dueAt) <= now)) {
    const state = ctx.state();
    try {
      await outsideSystems.sendFollowUpReminder({
        idempotencyKey: ctx.keyFor(`${due.id}/reminder-${due.reminders + 1}`),
        to: due.owner,
        leadName: state.lead.name,
        organisation: state.lead.organisation,
        stage: STAGE_LABELS[state.stage],
        dueAt: due.dueAt,
      });
    } catch (error) {
      // Rolled forward all the same: the next due date tries again, and the lead says why this one was missed.
      if (!(error instanceof ActivityFailure)) throw error;
      ctx.recordProblem(`${due.id} reminder`, error);
    }
    ctx.commit(remindAndRollForward(ctx.state(), due.id, followUpDays, new Date()));
  }
}
