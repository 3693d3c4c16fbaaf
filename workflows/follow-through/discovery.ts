import { ActivityFailure } from '@temporalio/workflow';
import { discoveryScheduled } from '../discovery';
import type { LeadContext } from './context';
import { outsideSystems } from './outside-systems';

/** The handbook's "schedule necessary discovery tasks", as the lead enters Blueprint. */
export async function assignDiscovery(ctx: LeadContext): Promise<void> {
  const state = ctx.state();
  try {
    const scheduled = await outsideSystems.scheduleDiscovery({
      idempotencyKey: ctx.keyFor('discovery'),
      leadName: state.lead.name,
      organisation: state.lead.organisation,
      leadWorkflowId: ctx.workflowId,
      priority: state.rubric?.category ?? 'unscored',
      ...(state.smallProject?.option === 'discovery' ? { timeboxHours: state.smallProject.billableHours } : {}),
      ...(state.discovery?.assignTo === 'client-owner' && state.clientOwner ? { assignee: state.clientOwner } : {}),
    });
    ctx.commit(
      discoveryScheduled(ctx.state(), {
        assignee: scheduled.assignee,
        via: scheduled.assignment.kind,
        dueDate: scheduled.dueDate,
        taskKey: scheduled.task.key,
        taskUrl: scheduled.task.url,
      }),
    );
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    ctx.recordProblem('discovery scheduling', error);
  }
}
