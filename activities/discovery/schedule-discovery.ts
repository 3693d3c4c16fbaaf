import type { ActivityDeps } from '../deps';
import { discoveryAssignment } from '../email/templates';
import { failFastWhenHopeless } from '../failures';
import type { CreatedTask } from '../tasks/port';
import { assignDiscovery, type DiscoveryAssignment } from '../../rules/discovery-duty';
import { sendOnce } from '../email/send-once';
import { DAY_MS } from '../../rules/durations';

/** The handbook gives no discovery length; a working day is a timebox the blueprint can then refine. */
export const DISCOVERY_TIMEBOX_HOURS = 8;
/** Someone on Discovery Duty picks it up now: the blueprint is due within a sprint's first week. */
export const DISCOVERY_DUE_DAYS = 7;

export interface ScheduleDiscoveryRequest {
  idempotencyKey: string;
  leadName: string;
  organisation: string;
  leadWorkflowId: string;
  priority: string;
  /** Small projects cap discovery at five billable hours. */
  timeboxHours?: number;
  /** An existing client's owner taking the discovery themselves: the rotation is not consulted. */
  assignee?: string;
}

export interface ScheduledDiscovery {
  assignment: DiscoveryAssignment | { kind: 'client-owner'; assignee: string };
  assignee: string;
  dueDate: string;
  task: CreatedTask;
}

type DiscoveryDeps = Pick<ActivityDeps, 'tasks' | 'mailer' | 'companyDomain' | 'discovery'>;

/** Discovery Duty first (round robin, skipping whoever is away); nobody free means a task in the next sprint. */
export function createScheduleDiscovery(deps: DiscoveryDeps) {
  const { tasks, discovery } = deps;
  return async function scheduleDiscovery(request: ScheduleDiscoveryRequest): Promise<ScheduledDiscovery> {
    const now = new Date();
    const assignment: ScheduledDiscovery['assignment'] = request.assignee
      ? { kind: 'client-owner', assignee: request.assignee }
      : await discovery.rota.claim(request.idempotencyKey, (nextIndex) =>
          assignDiscovery({ rotation: discovery.rotation, nextIndex, now, sprint: discovery.sprint }),
        );
    const assignee = assignment.kind === 'next-sprint' ? discovery.planner : assignment.assignee;
    const dueDate =
      assignment.kind === 'next-sprint'
        ? assignment.sprintStart
        : new Date(now.getTime() + DISCOVERY_DUE_DAYS * DAY_MS).toISOString().slice(0, 10);
    const task = await failFastWhenHopeless(() =>
      tasks.createTask({
        externalId: request.idempotencyKey,
        summary: `Discovery: ${request.organisation}`,
        description: [
          `Run the technical discovery for ${request.leadName} (${request.organisation}), a ${request.priority} priority lead,`,
          'and write the project blueprint: the solution, acceptance criteria, tasks and estimates, and a timeline.',
          assignment.kind === 'next-sprint'
            ? `Nobody on Discovery Duty was free: schedule this into the sprint starting ${assignment.sprintStart}.`
            : assignment.kind === 'client-owner'
              ? 'Taken by the client owner: a new project for an existing client.'
              : 'Assigned from the Discovery Duty rotation.',
          `Lead workflow: ${request.leadWorkflowId}`,
        ].join('\n'),
        assignee,
        dueDate,
        estimateHours: request.timeboxHours ?? DISCOVERY_TIMEBOX_HOURS,
        labels: ['discovery'],
      }),
    );
    const email = discoveryAssignment({
      assignee,
      leadName: request.leadName,
      organisation: request.organisation,
      dueDate,
      ...(assignment.kind === 'next-sprint' ? { sprintStart: assignment.sprintStart } : {}),
    });
    await sendOnce(deps, { idempotencyKey: `${request.idempotencyKey}/notice`, to: [assignee], email });
    return { assignment, assignee, dueDate, task };
  };
}
