import { ActivityFailure } from '@temporalio/workflow';
import { strategyScheduleId } from '../../rules/strategy-review';
import { isFinished } from '../stages';
import type { LeadContext } from './context';
import { outsideSystems } from './outside-systems';

/** The handbook's quarterly client strategy ticket, for clients with a client epic, as a Temporal Schedule. */
export async function startStrategyReviews(ctx: LeadContext): Promise<void> {
  const scheduleId = strategyScheduleId(ctx.workflowId);
  const state = ctx.state();
  try {
    await outsideSystems.ensureStrategySchedule({
      scheduleId,
      input: {
        leadWorkflowId: ctx.workflowId,
        clientName: state.lead.name,
        organisation: state.lead.organisation,
        clientOwner: state.clientOwner ?? '',
        mailingListLabel: state.lead.mailingListLabel,
      },
    });
    ctx.commit({
      state: { ...ctx.state(), strategySchedule: { scheduleId, status: 'active' } },
      summary: `Quarterly strategy reviews scheduled (${scheduleId})`,
    });
    // The client may have ended while the schedule was being created: it must not outlive them.
    if (isFinished(ctx.state().stage)) await stopStrategyReviews(ctx);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    ctx.recordProblem('strategy schedule', error);
  }
}

export async function stopStrategyReviews(ctx: LeadContext): Promise<void> {
  const scheduleId = ctx.state().strategySchedule?.scheduleId ?? strategyScheduleId(ctx.workflowId);
  try {
    await outsideSystems.deleteStrategySchedule({ scheduleId });
    ctx.amend({ ...ctx.state(), strategySchedule: { scheduleId, status: 'deleted' } });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    ctx.recordProblem('strategy schedule', error);
  }
}
