import { ActivityFailure } from '@temporalio/workflow';
import type { TeamTask } from '../activity-interface';
import type { LeadContext } from './context';
import { outsideSystems } from './outside-systems';

/** Handbook steps a person must take, as tracker tasks; one that cannot be created is noted on the lead. */
export async function createTasks(ctx: LeadContext, tasks: TeamTask[]): Promise<void> {
  for (const task of tasks) {
    try {
      const created = await outsideSystems.createTeamTask({ ...task, idempotencyKey: ctx.keyFor(`task/${task.key}`) });
      const state = ctx.state();
      ctx.commit({
        state: {
          ...state,
          notes: [
            ...state.notes,
            {
              at: new Date().toISOString(),
              by: 'lifecycle',
              text: `Task ${created.key}: ${task.summary}`,
              link: created.url,
            },
          ],
        },
        summary: `Task ${created.key} created: ${task.summary}`,
      });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      ctx.recordProblem(`task "${task.summary}"`, error);
    }
  }
}
