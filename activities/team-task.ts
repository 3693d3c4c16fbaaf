import type { ActivityDeps } from './deps';
import { failFastWhenHopeless } from './failures';
import type { CreatedTask } from './tasks/port';
import { DAY_MS } from '../rules/durations';

export type TaskAssignee = { email: string } | { role: 'business-development' | 'administrative-specialist' };

export interface TeamTask {
  /** Unique within the engagement. */
  key: string;
  summary: string;
  description: string;
  assignee: TaskAssignee;
  dueInDays: number;
  estimateHours: number;
  labels: string[];
}

/** A person, or a role this worker's configuration names; `key` is unique within the engagement. */
export interface TeamTaskRequest extends Omit<TeamTask, 'key'> {
  /** Same key, same task: a retried activity never creates a second one. */
  idempotencyKey: string;
}

type TeamTaskDeps = Pick<ActivityDeps, 'tasks' | 'companyDomain' | 'discovery'>;

/** A handbook step that a person must do (a tender's risk review, a kickoff, an onboarding), as a tracker task. */
export function createCreateTeamTask(deps: TeamTaskDeps) {
  const assigneeOf = (assignee: TaskAssignee): string => {
    if ('email' in assignee) return assignee.email;
    return assignee.role === 'business-development' ? deps.discovery.planner : `admin@${deps.companyDomain}`;
  };
  return async function createTeamTask(request: TeamTaskRequest): Promise<CreatedTask> {
    const dueDate = new Date(Date.now() + request.dueInDays * DAY_MS).toISOString().slice(0, 10);
    return failFastWhenHopeless(() =>
      deps.tasks.createTask({
        externalId: request.idempotencyKey,
        summary: request.summary,
        description: request.description,
        assignee: assigneeOf(request.assignee),
        dueDate,
        estimateHours: request.estimateHours,
        labels: request.labels,
      }),
    );
  };
}
