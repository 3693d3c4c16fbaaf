import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { InvalidInputError } from '../rules/validation';
import { SUPPORT_LEVELS } from '../rules/support-sla';
import { SUPPORT_CLIENT, SUPPORT_LEVEL, SUPPORT_SLA_BREACHED, SUPPORT_STATUS } from '../workflows/search-attributes';
import {
  answerSupportRequestUpdate,
  clientRepliedUpdate,
  resolveSupportRequestUpdate,
  SUPPORT_REQUEST_WORKFLOW_TYPE,
  supportRequestStateQuery,
  supportRequestWorkflowId,
  waitOnClientUpdate,
  type SupportActionRequest,
  type SupportRequestInput,
  type SupportRequestState,
} from '../workflows/support-messages';
import { parseSupportRequest } from '../workflows/support-request-state';
import { queryString } from './lifecycle';

export interface OpenedSupportRequest {
  workflowId: string;
  /** True when a request with this client and id was already open: nothing new was started. */
  existing: boolean;
}

/**
 * Starts the request's workflow, checked first so bad input starts nothing. The workflow id is the client's label and
 * the request id, so the same request posted twice (a retried webhook) is one workflow.
 */
export async function openSupportRequest(
  client: Client,
  input: SupportRequestInput,
  taskQueue: string,
): Promise<OpenedSupportRequest> {
  const request = parseSupportRequest(input);
  const workflowId = supportRequestWorkflowId(request.clientLabel, request.requestId);
  try {
    await client.workflow.start(SUPPORT_REQUEST_WORKFLOW_TYPE, {
      taskQueue,
      workflowId,
      args: [request satisfies SupportRequestInput],
    });
    return { workflowId, existing: false };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, existing: true };
    throw error;
  }
}

/** `support-acme-r1` as the Web UI shows it, or `acme/r1`. */
export function supportWorkflowIdOf(reference: string): string {
  const slash = /^([^/\s]+)\/([^/\s]+)$/.exec(reference.trim());
  return slash ? supportRequestWorkflowId(slash[1], slash[2]) : reference.trim();
}

export type SupportAction = 'answer' | 'wait' | 'replied' | 'resolve';

const UPDATES = {
  answer: answerSupportRequestUpdate,
  wait: waitOnClientUpdate,
  replied: clientRepliedUpdate,
  resolve: resolveSupportRequestUpdate,
} as const;

export function supportHandle(client: Client, reference: string): WorkflowHandle {
  return client.workflow.getHandle(supportWorkflowIdOf(reference));
}

/** An Update: a refused action (answering twice, a reply while not waiting) says why and changes nothing. */
export function actOnSupportRequest(
  client: Client,
  reference: string,
  action: SupportAction,
  request: SupportActionRequest,
): Promise<SupportRequestState> {
  return supportHandle(client, reference).executeUpdate(UPDATES[action], { args: [request] });
}

export function supportRequestState(client: Client, reference: string): Promise<SupportRequestState> {
  return supportHandle(client, reference).query(supportRequestStateQuery);
}

export interface SupportFilter {
  client?: string;
  level?: string;
  breached?: boolean;
  /** Resolved requests too; by default only open ones (answered but unresolved count as open). */
  all?: boolean;
}

/** The Web UI's query for the same list, e.g. `SupportClient = 'acme' AND SupportSlaBreached = true`. */
export function supportListQuery(filter: SupportFilter): string {
  const clauses = [`WorkflowType = '${SUPPORT_REQUEST_WORKFLOW_TYPE}'`];
  if (!filter.all) clauses.push(`ExecutionStatus = 'Running'`);
  if (filter.client) clauses.push(`${SUPPORT_CLIENT.name} = ${queryString(filter.client)}`);
  if (filter.level) {
    const level = SUPPORT_LEVELS.find((known) => known === filter.level?.trim().toUpperCase());
    if (!level) {
      throw new InvalidInputError('Invalid filter', [
        { field: 'level', message: `must be ${SUPPORT_LEVELS.join(', ')}` },
      ]);
    }
    clauses.push(`${SUPPORT_LEVEL.name} = '${level}'`);
  }
  if (filter.breached) clauses.push(`${SUPPORT_SLA_BREACHED.name} = true`);
  return clauses.join(' AND ');
}

export interface SupportSummary {
  workflowId: string;
  client?: string;
  level?: string;
  status?: string;
  slaBreached: boolean;
  startedAt: string;
}

export async function listSupportRequests(client: Client, filter: SupportFilter): Promise<SupportSummary[]> {
  const rows: SupportSummary[] = [];
  for await (const execution of client.workflow.list({ query: supportListQuery(filter) })) {
    const attributes = execution.typedSearchAttributes;
    rows.push({
      workflowId: execution.workflowId,
      client: attributes.get(SUPPORT_CLIENT),
      level: attributes.get(SUPPORT_LEVEL),
      status: attributes.get(SUPPORT_STATUS),
      slaBreached: attributes.get(SUPPORT_SLA_BREACHED) ?? false,
      startedAt: execution.startTime.toISOString(),
    });
  }
  return rows;
}
