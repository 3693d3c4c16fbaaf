import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { OUTSIDE_SYSTEM_BACKOFF } from './activity-retry';
import { ParentClosePolicy, proxyActivities, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import {
  hasTickets,
  parseSprintStatusInput,
  sprintStatusEmailId,
  type SprintStatusInput,
} from '../rules/sprint-status';
import { currentSprint, type SprintTickets } from '../rules/sprint-updates';
import type { LifecycleActivities } from './activity-interface';
import { clientUpdate } from './client-update';
import { acceptInput } from './workflow-input';

const { readSprintTickets } = proxyActivities<LifecycleActivities>({
  // Above the Jira adapter's budget for a few pages of search (30 s a request).
  startToCloseTimeout: '5 minutes',
  retry: OUTSIDE_SYSTEM_BACKOFF,
});

/** What one sprint's run did, for the Web UI and whoever triggers it by hand. */
export interface SprintStatusResult {
  sprintStart: string;
  sprintLastDay: string;
  /** The clientUpdate workflow that sends (or sent) this sprint's email. */
  emailWorkflowId: string;
  sent: boolean;
  /** Why nothing was sent, when nothing was. */
  reason?: string;
  tickets: SprintTickets;
}

/**
 * The sprint's status for one iterative client (handbook 003), started by the client's Schedule on each sprint's
 * review day: its tickets read from the tracker, then the email sent through the same clientUpdate workflow as the
 * `sprint-update` command. That workflow's id is the client's label and the sprint, so a second run in the same
 * sprint (a retry, a trigger by hand) sends nothing more.
 */
export async function clientSprintStatus(input: SprintStatusInput): Promise<SprintStatusResult> {
  const client = acceptInput(() => parseSprintStatusInput(input));
  const { start, lastDay } = currentSprint(client.sprint, new Date());
  const emailWorkflowId = sprintStatusEmailId(client.mailingListLabel, start);
  const tickets = await readSprintTickets({
    mailingListLabel: client.mailingListLabel,
    sprint: { start, lastDay },
  });
  const outcome = { sprintStart: start, sprintLastDay: lastDay, emailWorkflowId, tickets };
  if (!hasTickets(tickets)) {
    return {
      ...outcome,
      sent: false,
      reason:
        `no ticket labelled ${client.mailingListLabel} was planned, done or waiting on the client from ${start} ` +
        `to ${lastDay}: an empty list tells the client nothing`,
    };
  }
  try {
    const email = await startChild(clientUpdate, {
      workflowId: emailWorkflowId,
      // A failed attempt sent nothing, so a later run may try again; one that ran or is running may not.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      // Once started, the email goes out even if this run is terminated.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          kind: 'sprint-status',
          tickets,
          sprint: { start, lastDay },
          leadWorkflowId: client.leadWorkflowId,
          clientName: client.clientName,
          clientEmail: client.clientEmail,
          organisation: client.organisation,
          mailingListLabel: client.mailingListLabel,
          clientOwnerEmail: client.clientOwner,
          by: client.clientOwner,
          senderName: client.clientOwner,
        },
      ],
    });
    const result = await email.result();
    return {
      ...outcome,
      sent: result.delivered,
      ...(result.delivered ? {} : { reason: 'the email had been sent before' }),
    };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return { ...outcome, sent: false, reason: `this sprint's status was already sent (${emailWorkflowId})` };
  }
}
