import { log } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { failFastWhenHopeless } from '../failures';
import { sendOnce } from '../email/send-once';
import type { CreatedTask } from '../tasks/port';
import { onCallNotice } from './emails';
import { DAY_MS } from '../../rules/durations';
import { onCallFor } from '../../rules/on-call';
import { retroDescription, type RetroRequestRow } from '../../rules/on-call-retro';
import {
  customerRequestLabels,
  customerRequestSummary,
  trackerName,
  type ClientIdentity,
  WAITING_ON_CLIENT_LABEL,
} from '../../rules/customer-request';
import { firstAnswerSlaHours, type SupportChannel, type SupportLevel } from '../../rules/support-sla';
import {
  ON_CALL_RETRO_WORKFLOW_TYPE,
  onCallRetroWorkflowId,
  retroRequestSignal,
  supportRequestStateQuery,
  type OnCallNoticeKind,
  type OnCallRetroInput,
} from '../../workflows/support-messages';
import { SUPPORT_CLIENT, SUPPORT_LEVEL, SUPPORT_SLA_BREACHED, SUPPORT_STATUS } from '../../workflows/search-attributes';

/** A postmortem is a meeting and its notes: within a week, while the incident is fresh. */
export const POSTMORTEM_DUE_DAYS = 7;
export const POSTMORTEM_HOURS = 2;
/** The weekly retro meeting (handbook 004), timeboxed to an hour. */
export const RETRO_HOURS = 1;
/** A request whose worker does not answer in this long is listed from visibility alone. */
const QUERY_DEADLINE_MS = 10_000;

export interface SupportPolicy {
  slaHours: number;
  /** The client's codename when it asked for anonymity, else its label. */
  trackerName: string;
}

export interface OnCallNoticeRequest {
  /** Same key on every retry: one email however often the activity runs. */
  idempotencyKey: string;
  kind: OnCallNoticeKind;
  level: SupportLevel;
  /** ISO date-time whose on-call week decides who is on call. */
  at: string;
  clientName: string;
  channel: SupportChannel;
  text: string;
  deadline?: string;
  slaHours: number;
  workflowId: string;
  issueUrl?: string;
}

export interface CustomerRequestIssueRequest {
  /** The tracker's idempotency: the same request never gets a second issue. */
  idempotencyKey: string;
  client: ClientIdentity;
  text: string;
  level: SupportLevel;
  assignee: string;
  /** The request id, not the workflow id: that names the client, which an anonymous client's issue must not. */
  requestId: string;
  /** ISO date the first answer is due. */
  dueDate: string;
}

export interface PostmortemRequest {
  idempotencyKey: string;
  client: ClientIdentity;
  text: string;
  resolvedBy: string;
  requestId: string;
  issueUrl?: string;
}

export interface RetroTaskRequest {
  idempotencyKey: string;
  weekStart: string;
  weekEnd: string;
  workflowIds: string[];
}

type SupportDeps = Pick<ActivityDeps, 'mailer' | 'companyDomain' | 'tasks' | 'support' | 'temporal' | 'taskQueue'>;

export function createSupportActivities(deps: SupportDeps) {
  const { support, tasks, temporal } = deps;
  const identity = (clientLabel: string): ClientIdentity => {
    const codename = support.codenames[clientLabel];
    return codename ? { label: clientLabel, codename } : { label: clientLabel };
  };

  async function resolveSupportPolicy(request: {
    clientLabel: string;
    channel: SupportChannel;
  }): Promise<SupportPolicy> {
    return Promise.resolve({
      slaHours: firstAnswerSlaHours(support.sla, request.clientLabel, request.channel),
      trackerName: trackerName(identity(request.clientLabel)),
    });
  }

  /** The on-call engineer of the request's level and week; `past-l3` goes to the escalation contact. */
  async function notifyOnCall(request: OnCallNoticeRequest): Promise<{ to: string; delivered: boolean }> {
    const to =
      request.kind === 'past-l3'
        ? support.escalationContact
        : onCallFor(support.onCall, request.level, Date.parse(request.at), support.escalationContact);
    const email = onCallNotice({
      kind: request.kind,
      level: request.level,
      clientName: request.clientName,
      channel: request.channel,
      text: request.text,
      slaHours: request.slaHours,
      workflowId: request.workflowId,
      ...(request.deadline ? { deadline: request.deadline } : {}),
      ...(request.issueUrl ? { issueUrl: request.issueUrl } : {}),
    });
    const sent = await sendOnce(deps, { idempotencyKey: request.idempotencyKey, to: [to], email });
    return { to, delivered: sent.delivered };
  }

  /** Who is on call for `level` at `at`: the workflow records it, so `status` names who holds the request. */
  async function whoIsOnCall(request: { level: SupportLevel; at: string }): Promise<string> {
    return Promise.resolve(onCallFor(support.onCall, request.level, Date.parse(request.at), support.escalationContact));
  }

  /** Handbook 004: find the request's issue, or create it, labelled "customer request" and the client's name. */
  async function openCustomerRequestIssue(request: CustomerRequestIssueRequest): Promise<CreatedTask> {
    return failFastWhenHopeless(() =>
      tasks.createTask({
        externalId: request.idempotencyKey,
        summary: customerRequestSummary(request.client, request.text),
        description: [
          `A customer request (${request.level}) from ${trackerName(request.client)}:`,
          '',
          request.text,
          '',
          'Is it clear, with context? Is there a key date the client hopes to meet? Send the client a link to this',
          'issue, so everyone can follow the plan.',
          `Support request: ${request.requestId}`,
        ].join('\n'),
        assignee: request.assignee,
        dueDate: request.dueDate,
        estimateHours: 0,
        labels: customerRequestLabels(request.client, false),
      }),
    );
  }

  /** Handbook 004's "+" label on the request's issue while it waits on the client, and off again once it does not. */
  async function markWaitingOnClient(request: { issueKey: string; waiting: boolean }): Promise<void> {
    const change = { add: [WAITING_ON_CLIENT_LABEL], remove: [] };
    await failFastWhenHopeless(() =>
      tasks.updateLabels(request.issueKey, request.waiting ? change : { add: [], remove: change.add }),
    );
  }

  /** Handbook 004: "we do postmortem meetings for every production incident". */
  async function createPostmortemTask(request: PostmortemRequest): Promise<CreatedTask> {
    const dueDate = new Date(Date.now() + POSTMORTEM_DUE_DAYS * DAY_MS).toISOString().slice(0, 10);
    return failFastWhenHopeless(() =>
      tasks.createTask({
        externalId: request.idempotencyKey,
        summary: `Postmortem: incident for ${trackerName(request.client)}`,
        description: [
          'Hold the postmortem meeting for this incident, now resolved, and decide the documentation or code changes',
          'that prevent it from happening again. Share what we learned.',
          '',
          `The request: ${request.text}`,
          ...(request.issueUrl ? [`Tracker issue: ${request.issueUrl}`] : []),
          `Support request: ${request.requestId}`,
        ].join('\n'),
        assignee: request.resolvedBy,
        dueDate,
        estimateHours: POSTMORTEM_HOURS,
        labels: ['postmortem', trackerName(request.client)],
      }),
    );
  }

  /** The first request of a week starts that week's retro workflow; the others join it. */
  async function enrolInOnCallRetro(request: { weekStart: string; workflowId: string }): Promise<void> {
    const input: OnCallRetroInput = { weekStart: request.weekStart };
    await temporal.workflow.signalWithStart(ON_CALL_RETRO_WORKFLOW_TYPE, {
      workflowId: onCallRetroWorkflowId(request.weekStart),
      taskQueue: deps.taskQueue,
      args: [input],
      signal: retroRequestSignal,
      signalArgs: [{ workflowId: request.workflowId }],
    });
  }

  async function retroRow(workflowId: string): Promise<RetroRequestRow> {
    const handle = temporal.workflow.getHandle(workflowId);
    try {
      const state = await temporal.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        handle.query(supportRequestStateQuery),
      );
      return {
        reference: `${state.trackerName}/${state.requestId}`,
        client: state.trackerName,
        level: state.level,
        status: state.status,
        slaBreached: state.slaBreached,
        incident: state.incident,
        ...(state.answeredAt ? { answeredAt: state.answeredAt } : {}),
        ...(state.resolvedAt ? { resolvedAt: state.resolvedAt } : {}),
      };
    } catch (error) {
      log.warn('A support request could not be queried for the retro; listed from visibility', {
        workflowId,
        error: String(error),
      });
      const attributes = (await handle.describe()).typedSearchAttributes;
      const label = attributes.get(SUPPORT_CLIENT) ?? 'unknown';
      const client = trackerName(identity(label));
      return {
        reference: `${client}/${workflowId.replace(`support-${label}-`, '')}`,
        client,
        level: (attributes.get(SUPPORT_LEVEL) as SupportLevel | undefined) ?? 'L1',
        status: attributes.get(SUPPORT_STATUS) ?? 'unknown',
        slaBreached: attributes.get(SUPPORT_SLA_BREACHED) ?? false,
        incident: false,
      };
    }
  }

  /** Handbook 004: the weekly on-call retro, with the week's requests and its three questions. */
  async function createOnCallRetroTask(request: RetroTaskRequest): Promise<CreatedTask> {
    const rows: RetroRequestRow[] = [];
    for (const workflowId of request.workflowIds) rows.push(await retroRow(workflowId));
    const assignee = onCallFor(
      support.onCall,
      'L2',
      Date.parse(`${request.weekStart}T00:00:00Z`),
      support.escalationContact,
    );
    return failFastWhenHopeless(() =>
      tasks.createTask({
        externalId: request.idempotencyKey,
        summary: `On-call retro: week of ${request.weekStart}`,
        description: retroDescription({ start: request.weekStart, end: request.weekEnd }, rows),
        assignee,
        dueDate: request.weekEnd,
        estimateHours: RETRO_HOURS,
        labels: ['on-call-retro'],
      }),
    );
  }

  return {
    resolveSupportPolicy,
    notifyOnCall,
    whoIsOnCall,
    openCustomerRequestIssue,
    markWaitingOnClient,
    createPostmortemTask,
    enrolInOnCallRetro,
    createOnCallRetroTask,
  };
}
