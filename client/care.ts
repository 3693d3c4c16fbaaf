import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ClientUpdateResult } from '../workflows/client-update-messages';
import { CLIENT_UPDATE_WORKFLOW_TYPE, type ClientUpdateInput } from '../workflows/client-update-messages';
import { sprintStatusSections, type SprintTickets } from '../rules/sprint-updates';
import { parseInput, requiredText } from '../rules/validation';
import { getLeadState, leadHandle } from './lifecycle';

export type ClientUpdateRequest = { by: string; senderName?: string } & (
  { kind: 'sprint-status'; tickets: SprintTickets } | { kind: 'staging'; features: string[]; stagingUrl: string }
);

const senderSchema = z.object({
  by: z.email({ message: 'must be the email of who sends it' }),
  senderName: requiredText().optional(),
});
const stagingSchema = z.object({
  features: z.array(requiredText()).min(1, 'name at least one feature ready on staging'),
  stagingUrl: z.url({ protocol: /^https?$/, message: 'must be a web link (https://...)' }),
});

/**
 * Emails the client about the work (handbook 003), checked first so bad input sends nothing. The workflow id is
 * the lead and a hash of what is said, so the same update sent twice is one email.
 */
export async function sendClientUpdate(
  client: Client,
  lead: string,
  request: ClientUpdateRequest,
  taskQueue: string,
): Promise<{ workflowId: string } & ClientUpdateResult> {
  const sender = parseInput(senderSchema, { by: request.by, senderName: request.senderName }, 'client update');
  const content =
    request.kind === 'sprint-status'
      ? (sprintStatusSections(request.tickets), { kind: request.kind, tickets: request.tickets })
      : {
          kind: request.kind,
          ...parseInput(
            stagingSchema,
            { features: request.features, stagingUrl: request.stagingUrl },
            'staging heads-up',
          ),
        };
  const state = await getLeadState(client, lead);
  const input: ClientUpdateInput = {
    ...content,
    leadWorkflowId: leadHandle(client, lead).workflowId,
    clientName: state.lead.name,
    clientEmail: state.lead.email,
    organisation: state.lead.organisation,
    mailingListLabel: state.lead.mailingListLabel,
    // Until Close names a client owner, the lead's owner holds the relationship and is looped in instead.
    ...((state.clientOwner ?? state.lead.owner) ? { clientOwnerEmail: state.clientOwner ?? state.lead.owner } : {}),
    by: sender.by,
    senderName: sender.senderName ?? sender.by,
  };
  const hash = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12);
  const workflowId = `${request.kind}-${state.lead.email}-${hash}`;
  try {
    const handle = await client.workflow.start(CLIENT_UPDATE_WORKFLOW_TYPE, { workflowId, taskQueue, args: [input] });
    return { workflowId, ...((await handle.result()) as ClientUpdateResult) };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return { workflowId, ...((await client.workflow.getHandle(workflowId).result()) as ClientUpdateResult) };
  }
}
