/**
 * Typed helpers over the Temporal client, shared by the CLI, `npm start` and the tests: the one place that knows
 * how a lead maps to a workflow and how the workflow's messages are called.
 */
import { Client, WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import type { GateRequest } from '../workflows/gates';
import { leadWorkflowId, parseLead, type Lead } from '../workflows/lead';
import { customerLifecycle } from '../workflows/lifecycle';
import {
  closeLeadUpdate,
  completeGateUpdate,
  meetingDoneUpdate,
  reviewInvoiceUpdate,
  scheduleCallUpdate,
  type ScheduleCallRequest,
  scheduleFollowUpUpdate,
  stateQuery,
  type FollowUpRequest,
  type LifecycleInput,
} from '../workflows/messages';
import { InvalidInputError } from '../workflows/rules/validation';
import {
  CLIENT_OWNER,
  FOLLOW_UP_DUE,
  LEAD_PRIORITY,
  LEAD_SCORE,
  LEAD_SOURCE,
  LIFECYCLE_STAGE,
} from '../workflows/search-attributes';
import { parseLifecycleStage, STAGE_LABELS } from '../workflows/stages';
import type { InvoiceReview } from '../workflows/billing';
import type { meetingEtiquette } from '../workflows/meeting';
import type { MeetingDoneRequest } from '../workflows/meetings';
import type { LifecycleState, MeetingRecord, ScheduledCall } from '../workflows/state';
import type { CloseLeadRequest } from '../workflows/transitions';

export type LifecycleHandle = WorkflowHandle<typeof customerLifecycle>;

export interface StartedLead {
  workflowId: string;
  runId: string;
  /** True when the lead already had a running workflow: nothing new was started. */
  existing: boolean;
  lead: Lead;
}

export interface StartLeadOptions {
  taskQueue: string;
  followUpDays?: number;
  idleDays?: LifecycleInput['idleDays'];
  /** Only tests lower it, to see continue-as-new happen. */
  continueAsNewAfterEvents?: number;
}

/** Validates first, so a malformed lead is rejected with every bad field named and nothing is started. */
export async function startLead(client: Client, input: unknown, options: StartLeadOptions): Promise<StartedLead> {
  const lead = parseLead(input);
  const workflowId = leadWorkflowId(lead);
  const args: LifecycleInput = {
    lead,
    ...(options.followUpDays ? { followUpDays: options.followUpDays } : {}),
    ...(options.idleDays ? { idleDays: options.idleDays } : {}),
    ...(options.continueAsNewAfterEvents ? { continueAsNewAfterEvents: options.continueAsNewAfterEvents } : {}),
  };
  try {
    const handle = await client.workflow.start(customerLifecycle, {
      workflowId,
      taskQueue: options.taskQueue,
      args: [args],
      memo: { leadName: lead.name, organisation: lead.organisation, email: lead.email },
      typedSearchAttributes: [
        { key: LIFECYCLE_STAGE, value: STAGE_LABELS['prospect-qualification'] },
        { key: LEAD_SOURCE, value: lead.source },
      ],
    });
    return { workflowId, runId: handle.firstExecutionRunId, existing: false, lead };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const description = await client.workflow.getHandle(workflowId).describe();
    return { workflowId, runId: description.runId, existing: true, lead };
  }
}

/** A lead is named by its workflow id (`lead-ana@example.org`) or simply by its email. */
export function leadHandle(client: Client, lead: string): LifecycleHandle {
  const workflowId = lead.startsWith('lead-') ? lead : leadWorkflowId({ email: lead });
  return client.workflow.getHandle<typeof customerLifecycle>(workflowId);
}

export function getLeadState(client: Client, lead: string): Promise<LifecycleState> {
  return leadHandle(client, lead).query(stateQuery);
}

export function completeGate(client: Client, lead: string, request: GateRequest): Promise<LifecycleState> {
  return leadHandle(client, lead).executeUpdate(completeGateUpdate, { args: [request] });
}

export function closeLead(client: Client, lead: string, request: CloseLeadRequest): Promise<LifecycleState> {
  return leadHandle(client, lead).executeUpdate(closeLeadUpdate, { args: [request] });
}

export function scheduleFollowUp(client: Client, lead: string, request: FollowUpRequest) {
  return leadHandle(client, lead).executeUpdate(scheduleFollowUpUpdate, { args: [request] });
}

export function reportMeeting(client: Client, lead: string, request: MeetingDoneRequest): Promise<MeetingRecord> {
  return leadHandle(client, lead).executeUpdate(meetingDoneUpdate, { args: [request] });
}

export function reviewInvoice(client: Client, lead: string, review: InvoiceReview): Promise<LifecycleState> {
  return leadHandle(client, lead).executeUpdate(reviewInvoiceUpdate, { args: [review] });
}

export function scheduleCall(client: Client, lead: string, request: ScheduleCallRequest): Promise<ScheduledCall> {
  return leadHandle(client, lead).executeUpdate(scheduleCallUpdate, { args: [request] });
}

/** A booked meeting's etiquette workflow: updates about the invite, the join and the reschedule go straight to it. */
export function callHandle(client: Client, lead: string, callId: string) {
  return client.workflow.getHandle<typeof meetingEtiquette>(`${leadHandle(client, lead).workflowId}/${callId}`);
}

export interface LeadFilter {
  stage?: string;
  priority?: string;
  owner?: string;
}

export interface LeadSummary {
  workflowId: string;
  status: string;
  leadName: string;
  organisation: string;
  stage: string;
  priority: string;
  score: number | undefined;
  clientOwner: string;
  followUpDue: string | undefined;
  startedAt: string;
}

/** Builds the visibility query the Web UI would use, so `cli list` and the UI filter the same way. */
export function leadListQuery(filter: LeadFilter): string {
  const clauses = [`WorkflowType = 'customerLifecycle'`];
  if (filter.stage) {
    const stage = parseLifecycleStage(filter.stage);
    if (!stage) {
      throw new InvalidInputError('Invalid filter', [{ field: 'stage', message: `unknown stage '${filter.stage}'` }]);
    }
    clauses.push(`${LIFECYCLE_STAGE.name} = '${STAGE_LABELS[stage]}'`);
  }
  if (filter.priority) {
    const priority = ['High', 'Medium', 'Low'].find((p) => p.toLowerCase() === filter.priority?.trim().toLowerCase());
    if (!priority) {
      throw new InvalidInputError('Invalid filter', [{ field: 'priority', message: 'must be High, Medium or Low' }]);
    }
    clauses.push(`${LEAD_PRIORITY.name} = '${priority}'`);
  }
  if (filter.owner) clauses.push(`${CLIENT_OWNER.name} = ${queryString(filter.owner)}`);
  return clauses.join(' AND ');
}

/**
 * A string literal of Temporal's visibility query language: single-quoted, with backslash as its escape character,
 * so the backslash itself is escaped first and the quote after; otherwise `x\'` would end the literal early.
 */
export function queryString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export async function listLeads(client: Client, filter: LeadFilter): Promise<LeadSummary[]> {
  const leads: LeadSummary[] = [];
  for await (const execution of client.workflow.list({ query: leadListQuery(filter) })) {
    const attributes = execution.typedSearchAttributes;
    const memo = execution.memo ?? {};
    leads.push({
      workflowId: execution.workflowId,
      status: execution.status.name,
      leadName: typeof memo.leadName === 'string' ? memo.leadName : '',
      organisation: typeof memo.organisation === 'string' ? memo.organisation : '',
      stage: attributes.get(LIFECYCLE_STAGE) ?? '',
      priority: attributes.get(LEAD_PRIORITY) ?? '',
      score: attributes.get(LEAD_SCORE),
      clientOwner: attributes.get(CLIENT_OWNER) ?? '',
      followUpDue: attributes.get(FOLLOW_UP_DUE)?.toISOString(),
      startedAt: execution.startTime.toISOString(),
    });
  }
  return leads;
}
