import { ApplicationFailure } from '@temporalio/common';
import { trackerName } from '../../rules/customer-request';
import { HOUR_MS } from '../../rules/durations';
import {
  parseSprintStatusInput,
  SPRINT_STATUS_HOUR_UTC,
  sprintStatusInterval,
  type SprintStatusInput,
  type SprintWindow,
} from '../../rules/sprint-status';
import type { SprintTickets } from '../../rules/sprint-updates';
import { InvalidInputError } from '../../rules/validation';
import type { ActivityDeps } from '../deps';
import { clientScheduleAction, createScheduleIfAbsent, deleteScheduleIfPresent } from '../schedule-calls';

/**
 * The workflow the schedule starts, by its registered name: activities never import workflow code, and a test fires
 * the schedule and sees the email sent, which would fail on a name that drifted.
 */
export const SPRINT_STATUS_WORKFLOW = 'clientSprintStatus';

type SprintStatusDeps = Pick<ActivityDeps, 'tasks' | 'support' | 'temporal' | 'taskQueue' | 'discovery'>;

export interface EnsureSprintStatusScheduleRequest {
  scheduleId: string;
  /** Who the client is, as the lead knows them; the sprint calendar is the worker's. */
  client: Omit<SprintStatusInput, 'sprint'>;
}

export interface SprintStatusScheduleResult {
  scheduleId: string;
  /** Ensure: false when the schedule already existed. Delete: false when there was no schedule. */
  changed: boolean;
}

/** The automatic sprint status (handbook 003): the client's tickets, and the Schedule that sends it every sprint. */
export function createSprintStatusActivities(deps: SprintStatusDeps) {
  const { tasks, support, temporal, taskQueue } = deps;
  return {
    /** Found under the label customer requests carry: the client's codename if it asked for anonymity. */
    async readSprintTickets(request: { mailingListLabel: string; sprint: SprintWindow }): Promise<SprintTickets> {
      const codename = support.codenames[request.mailingListLabel];
      const clientLabel = trackerName(
        codename ? { label: request.mailingListLabel, codename } : { label: request.mailingListLabel },
      );
      return tasks.sprintTickets({ clientLabel, sprint: request.sprint });
    },

    /** Creates the client's schedule, firing on each sprint's review day; one that already exists is left as it is. */
    async ensureSprintStatusSchedule(request: EnsureSprintStatusScheduleRequest): Promise<SprintStatusScheduleResult> {
      let input: SprintStatusInput;
      try {
        input = parseSprintStatusInput({ ...request.client, sprint: deps.discovery.sprint });
      } catch (error) {
        // Retrying cannot fix the input, and a schedule created with it would fail every sprint.
        if (error instanceof InvalidInputError) throw ApplicationFailure.nonRetryable(error.message, 'InvalidInput');
        throw error;
      }
      const { everyMs, offsetMs } = sprintStatusInterval(input.sprint);
      const cadence =
        `every sprint (${input.sprint.lengthDays} days), on its last day (the review) at ` +
        `${String(SPRINT_STATUS_HOUR_UTC).padStart(2, '0')}:00 UTC`;
      const changed = await createScheduleIfAbsent(temporal, {
        scheduleId: request.scheduleId,
        spec: { intervals: [{ every: everyMs, offset: offsetMs }] },
        action: clientScheduleAction({
          scheduleId: request.scheduleId,
          workflowType: SPRINT_STATUS_WORKFLOW,
          input,
          taskQueue,
          summary: `Sprint status email: ${input.organisation}`,
        }),
        // The Web UI shows a schedule's spec in raw seconds: the memo says whose it is and how often, in words.
        memo: {
          client: input.organisation,
          cadence,
          clientEmail: input.clientEmail,
          clientOwner: input.clientOwner,
          leadWorkflowId: input.leadWorkflowId,
        },
        policies: {
          // A firing missed through downtime is caught up until the review day ends: later, the workflow would
          // already be in the next sprint and report that one early.
          catchupWindow: (24 - SPRINT_STATUS_HOUR_UTC) * HOUR_MS,
        },
        state: { note: `Sprint status email to ${input.organisation}, ${cadence}` },
      });
      return { scheduleId: request.scheduleId, changed };
    },

    /** The client ended: no more sprint emails. Deleting twice is fine. */
    async deleteSprintStatusSchedule(request: { scheduleId: string }): Promise<SprintStatusScheduleResult> {
      return { scheduleId: request.scheduleId, changed: await deleteScheduleIfPresent(temporal, request.scheduleId) };
    },
  };
}
