/**
 * Typed helpers over the Temporal client, shared by the CLI, `npm start` and the tests: the one place that knows
 * how a lead maps to a workflow and how the workflow's messages are called.
 */
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { GateRequest } from '../workflows/gates';
import { leadWorkflowId, parseNewLead, type Lead } from '../workflows/lead';
import { parseNewProject, projectWorkflowId } from '../workflows/projects';
import type { MaintenanceChangeRequest } from '../workflows/maintenance-changes';
import type { customerLifecycle } from '../workflows/lifecycle';
import {
  closeLeadUpdate,
  completeGateUpdate,
  meetingDoneUpdate,
  retryMeetingStepsUpdate,
  reviewInvoiceUpdate,
  decideGreetingUpdate,
  scheduleCallUpdate,
  type ScheduleCallRequest,
  scheduleFollowUpUpdate,
  completeFollowUpUpdate,
  changeMaintenanceUpdate,
  type CompleteFollowUpRequest,
  stateQuery,
  type FollowUpRequest,
  type LifecycleInput,
  LIFECYCLE_WORKFLOW_TYPE,
} from '../workflows/messages';
import { InvalidInputError } from '../rules/validation';
import { parseOneLine, requireOneLine } from './one-line';
import { LEAD_SOURCE, LIFECYCLE_STAGE } from '../workflows/search-attributes';
import { getLeadState, leadHandle } from './lead-handle';
import { STAGE_LABELS } from '../workflows/stages';
import type { InvoiceReview } from '../workflows/billing';
import type { GreetingDecision } from '../workflows/greeting';
import type { meetingEtiquette } from '../workflows/meeting';
import type { MeetingDoneRequest, RetryMeetingStepsRequest } from '../workflows/meetings';
import type { LifecycleState, MeetingRecord, ScheduledCall } from '../workflows/state';
import type { CloseLeadRequest } from '../workflows/transitions';

export interface StartedLead {
  workflowId: string;
  runId: string;
  /** True when the lead already had a running workflow: nothing new was started. */
  existing: boolean;
  lead: Lead;
  /** For an existing lead: the details given now that differ from the running lead's, which were not applied. */
  ignored?: IgnoredDetail[];
}

export interface IgnoredDetail {
  field: keyof Lead;
  given: unknown;
  running: unknown;
}

/** How long `start` waits for the running lead's details before comparing with its memo instead. */
const RUNNING_LEAD_QUERY_MS = 5_000;

/** Only the fields the caller actually gave: a default filled in by validation was not asked for. */
function givenFields(input: unknown, lead: Lead): (keyof Lead)[] {
  if (typeof input !== 'object' || input === null) return [];
  return (Object.keys(lead) as (keyof Lead)[]).filter(
    (field) => (input as Record<string, unknown>)[field] !== undefined,
  );
}

/** The memo key holding the lead as it was started: its details never change while it runs. */
const STARTED_LEAD_MEMO = 'lead';

/**
 * The running lead's details. Leads started by this version keep them in their memo, read without asking the worker
 * (a hundred form posts of one lead at once would otherwise queue a hundred queries behind one another); older leads
 * are asked, and with no worker to answer, their memo still has the name and organisation.
 */
async function runningLead(
  client: Client,
  workflowId: string,
  memo: Record<string, unknown> | undefined,
): Promise<Partial<Lead>> {
  const started = memo?.[STARTED_LEAD_MEMO];
  if (typeof started === 'object' && started !== null) return started;
  try {
    const handle = client.workflow.getHandle<typeof customerLifecycle>(workflowId);
    return (await client.withDeadline(Date.now() + RUNNING_LEAD_QUERY_MS, () => handle.query(stateQuery))).lead;
  } catch {
    return {
      ...(typeof memo?.leadName === 'string' ? { name: memo.leadName } : {}),
      ...(typeof memo?.organisation === 'string' ? { organisation: memo.organisation } : {}),
    };
  }
}

function ignoredDetails(input: unknown, lead: Lead, running: Partial<Lead>): IgnoredDetail[] {
  return givenFields(input, lead)
    .filter((field) => field in running && running[field] !== lead[field])
    .map((field) => ({ field, given: lead[field], running: running[field] }));
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
  const lead = parseOneLine(() => parseNewLead(input), input, ['name', 'organisation'], 'lead');
  return startOnce(client, leadWorkflowId(lead), { lead, ...lifecycleOptions(options) }, options.taskQueue, input);
}

export interface NewProjectRequest {
  /** The client: the email or workflow id of an engagement that is running (Development, Billing) or Won. */
  client: string;
  title: string;
  discoveryBy: 'client-owner' | 'discovery-duty';
  /** Who recorded the client's agreement to spend the hours on discovery. */
  agreedBy: string;
}

/**
 * A new project for an existing client: its contact, label and client owner come from the engagement that made them
 * a client, and it starts at Blueprint. The same title twice for one client is the same project.
 */
export async function startProject(
  client: Client,
  request: NewProjectRequest,
  options: StartLeadOptions,
): Promise<StartedLead> {
  requireOneLine(request, ['title'], 'project');
  const engagement = await getLeadState(client, request.client);
  if (!['development', 'billing', 'won'].includes(engagement.stage)) {
    throw new InvalidInputError('Project rejected', [
      {
        field: 'client',
        message: `${engagement.lead.organisation} is not a client yet (${STAGE_LABELS[engagement.stage]}): start a lead instead`,
      },
    ]);
  }
  if (!engagement.clientOwner) {
    throw new InvalidInputError('Project rejected', [
      { field: 'client', message: `${engagement.lead.organisation} has no client owner to take the project` },
    ]);
  }
  const project = parseNewProject({
    clientWorkflowId: leadHandle(client, request.client).workflowId,
    clientOwner: engagement.clientOwner,
    title: request.title,
    discoveryBy: request.discoveryBy,
    agreedBy: request.agreedBy,
  });
  const lead = { ...engagement.lead, source: 'existing-client' as const };
  const workflowId = projectWorkflowId(lead.mailingListLabel, project.title);
  return startOnce(client, workflowId, { lead, project, ...lifecycleOptions(options) }, options.taskQueue);
}

function lifecycleOptions(options: StartLeadOptions): Omit<LifecycleInput, 'lead'> {
  return {
    ...(options.followUpDays ? { followUpDays: options.followUpDays } : {}),
    ...(options.idleDays ? { idleDays: options.idleDays } : {}),
    ...(options.continueAsNewAfterEvents ? { continueAsNewAfterEvents: options.continueAsNewAfterEvents } : {}),
  };
}

/** One line for the Web UI's workflow list. */
export function leadSummaryLine(lead: Lead, project?: string): string {
  return `${lead.name}, ${lead.organisation}${project ? `: ${project}` : ''} (${lead.source})`;
}

/** The lead's page in the Web UI (Markdown): contact, source and owner, as the lead arrived. */
export function leadDetails(lead: Lead, project?: string): string {
  return [
    `**${lead.name}**, ${lead.organisation} <${lead.email}>`,
    ...(project ? [`Project: ${project}`] : []),
    `Source: ${lead.source}${lead.government ? ' (government)' : ''}`,
    `Owner: ${lead.owner ?? 'not assigned'}`,
    `Mailing list: help+${lead.mailingListLabel}@`,
  ].join('\n\n');
}

/** Starts the lifecycle under `workflowId`, or reports the one already there: one lead (or project), one workflow. */
async function startOnce(
  client: Client,
  workflowId: string,
  args: LifecycleInput & { lead: Lead },
  taskQueue: string,
  /** What the caller typed, to report the details a lead already running ignores. */
  given?: unknown,
): Promise<StartedLead> {
  const { lead } = args;
  try {
    const handle = await client.workflow.start<typeof customerLifecycle>(LIFECYCLE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [args],
      memo: {
        leadName: lead.name,
        organisation: lead.organisation,
        email: lead.email,
        ...(lead.owner ? { owner: lead.owner } : {}),
        ...(args.project ? { project: args.project.title } : {}),
        [STARTED_LEAD_MEMO]: lead,
      },
      // What the Web UI's workflow list and the lead's page show first: who the lead is, not only its id.
      staticSummary: leadSummaryLine(lead, args.project?.title),
      staticDetails: leadDetails(lead, args.project?.title),
      typedSearchAttributes: [
        { key: LIFECYCLE_STAGE, value: STAGE_LABELS[args.project ? 'blueprint' : 'prospect-qualification'] },
        { key: LEAD_SOURCE, value: lead.source },
      ],
    });
    return { workflowId, runId: handle.firstExecutionRunId, existing: false, lead };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const description = await client.workflow.getHandle(workflowId).describe();
    const ignored = ignoredDetails(given, lead, await runningLead(client, workflowId, description.memo));
    return { workflowId, runId: description.runId, existing: true, lead, ...(ignored.length > 0 ? { ignored } : {}) };
  }
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

export function changeMaintenance(client: Client, lead: string, request: MaintenanceChangeRequest) {
  return leadHandle(client, lead).executeUpdate(changeMaintenanceUpdate, { args: [request] });
}

export function completeFollowUp(client: Client, lead: string, request: CompleteFollowUpRequest) {
  return leadHandle(client, lead).executeUpdate(completeFollowUpUpdate, { args: [request] });
}

export async function reportMeeting(client: Client, lead: string, request: MeetingDoneRequest): Promise<MeetingRecord> {
  requireOneLine(request, ['title', 'senderName'], 'meeting report');
  return leadHandle(client, lead).executeUpdate(meetingDoneUpdate, { args: [request] });
}

export function retryMeetingSteps(
  client: Client,
  lead: string,
  request: RetryMeetingStepsRequest,
): Promise<MeetingRecord> {
  return leadHandle(client, lead).executeUpdate(retryMeetingStepsUpdate, { args: [request] });
}

export function reviewInvoice(client: Client, lead: string, review: InvoiceReview): Promise<LifecycleState> {
  return leadHandle(client, lead).executeUpdate(reviewInvoiceUpdate, { args: [review] });
}

export function decideGreeting(client: Client, lead: string, decision: GreetingDecision): Promise<LifecycleState> {
  return leadHandle(client, lead).executeUpdate(decideGreetingUpdate, { args: [decision] });
}

export async function scheduleCall(client: Client, lead: string, request: ScheduleCallRequest): Promise<ScheduledCall> {
  requireOneLine(request, ['title', 'ownerName'], 'meeting');
  return leadHandle(client, lead).executeUpdate(scheduleCallUpdate, { args: [request] });
}

/**
 * A booked meeting's etiquette workflow: updates about the invite, the join and the reschedule go straight to it. Its
 * id is the one the lead recorded when it booked the meeting (it names the engagement since rules revision 1).
 */
export async function callHandle(client: Client, lead: string, callId: string) {
  const { calls } = await getLeadState(client, lead);
  const call = calls.find((candidate) => candidate.id === callId);
  if (!call) {
    const booked = calls.map((candidate) => candidate.id).join(', ') || 'none';
    throw new Error(`callId: no meeting '${callId}' is booked on this lead (booked: ${booked})`);
  }
  return client.workflow.getHandle<typeof meetingEtiquette>(call.childWorkflowId);
}

export { getLeadState, leadHandle, pendingWork, type LifecycleHandle, type PendingWork } from './lead-handle';
export { listLeads, listLeadsWhere, type LeadSummary } from './lead-list';
export { leadListQuery, queryString, type LeadFilter } from '../workflows/lead-query';
