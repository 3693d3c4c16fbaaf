import { ActivityFailure } from '@temporalio/workflow';
import { sprintStatusScheduleId } from '../../rules/sprint-status';
import { isFinished } from '../stages';
import type { LifecycleState } from '../state';
import type { LeadContext } from './context';
import { outsideSystems } from './outside-systems';

/** Who writes the client's sprint status: the client owner, or the lead's owner until Close names one. */
export function sprintStatusSender(state: LifecycleState): string | undefined {
  return state.clientOwner ?? state.lead.owner;
}

/**
 * Handbook 003's status "every sprint", for an iterative client, as a Temporal Schedule. A failure is kept on the
 * lead and tried again the next time it enters Development (each month it is billed).
 */
export async function startSprintStatusEmails(ctx: LeadContext): Promise<void> {
  const scheduleId = sprintStatusScheduleId(ctx.workflowId);
  const state = ctx.state();
  try {
    await outsideSystems.ensureSprintStatusSchedule({
      scheduleId,
      client: {
        leadWorkflowId: ctx.workflowId,
        clientName: state.lead.name,
        clientEmail: state.lead.email,
        organisation: state.lead.organisation,
        mailingListLabel: state.lead.mailingListLabel,
        clientOwner: sprintStatusSender(state) ?? '',
      },
    });
    ctx.commit({
      state: { ...ctx.state(), sprintStatusSchedule: { scheduleId, status: 'active' } },
      summary: `Sprint status emailed to the client every sprint (${scheduleId})`,
    });
    // The client may have ended while the schedule was being created: it must not outlive them.
    if (isFinished(ctx.state().stage)) await stopSprintStatusEmails(ctx);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    ctx.recordProblem('sprint status schedule', error);
  }
}

export async function stopSprintStatusEmails(ctx: LeadContext): Promise<void> {
  const scheduleId = ctx.state().sprintStatusSchedule?.scheduleId ?? sprintStatusScheduleId(ctx.workflowId);
  try {
    await outsideSystems.deleteSprintStatusSchedule({ scheduleId });
    ctx.amend({ ...ctx.state(), sprintStatusSchedule: { scheduleId, status: 'deleted' } });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    ctx.recordProblem('sprint status schedule', error);
  }
}
