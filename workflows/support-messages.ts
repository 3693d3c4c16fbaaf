/**
 * The support-request workflow's public API, defined once and imported by the workflow, the activities, clients and
 * tests.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SupportChannel, SupportLevel } from '../rules/support-sla';

export interface SupportRequestInput {
  /** Unique per client: with the client's label it makes the workflow id. */
  requestId: string;
  /** The client's mailing-list label (`acme`): SLA and anonymity are configured by it. */
  clientLabel: string;
  clientName: string;
  channel: SupportChannel;
  text: string;
  level: SupportLevel;
  /** A production incident: resolving it creates the postmortem task (handbook 004). */
  incident?: boolean;
  /** A customer request (a change or feature they ask for): a tracker issue labelled "customer request". */
  customerRequest?: boolean;
  /** Who logged it (Customer Success), for the record. */
  reportedBy?: string;
}

/** Why the on-call engineer (or, past L3, the escalation contact) is emailed. */
export type OnCallNoticeKind = 'new' | 'reminder' | 'escalation' | 'past-l3';

export type SupportStatus = 'open' | 'waiting-on-client' | 'answered' | 'resolved';

export interface SupportEvent {
  at: string;
  what: string;
  by?: string;
}

export interface SupportRequestState {
  requestId: string;
  clientLabel: string;
  /** What the tracker and the retro call the client: its codename when it asked for anonymity. */
  trackerName: string;
  channel: SupportChannel;
  level: SupportLevel;
  status: SupportStatus;
  incident: boolean;
  receivedAt: string;
  slaHours: number;
  /** When the current level's first answer is due; absent while the clock is stopped or after the answer. */
  deadline?: string;
  slaBreached: boolean;
  /** The on-call engineer now holding the request. */
  onCall?: string;
  answeredAt?: string;
  resolvedAt?: string;
  /** The "customer request" tracker issue. */
  issue?: { key: string; url: string };
  postmortem?: { key: string; url: string };
  events: SupportEvent[];
}

export interface SupportActionRequest {
  by: string;
  note?: string;
}

export const answerSupportRequestUpdate = defineUpdate<SupportRequestState, [SupportActionRequest]>('answerRequest');
/** The handbook's "+" label: nothing more from us until the client replies; the SLA clock stops. */
export const waitOnClientUpdate = defineUpdate<SupportRequestState, [SupportActionRequest]>('waitOnClient');
export const clientRepliedUpdate = defineUpdate<SupportRequestState, [SupportActionRequest]>('clientReplied');
export const resolveSupportRequestUpdate = defineUpdate<SupportRequestState, [SupportActionRequest]>('resolveRequest');
export const supportRequestStateQuery = defineQuery<SupportRequestState>('supportRequestState');

/** Tells the week's on-call retro about a request (signal-with-start: the first request of a week starts it). */
export const retroRequestSignal = defineSignal<[{ workflowId: string }]>('retroRequest');

export interface OnCallRetroInput {
  /** Monday, YYYY-MM-DD. */
  weekStart: string;
}

export const SUPPORT_REQUEST_WORKFLOW_TYPE = 'supportRequest';
export const ON_CALL_RETRO_WORKFLOW_TYPE = 'onCallRetro';

export function supportRequestWorkflowId(clientLabel: string, requestId: string): string {
  return `support-${clientLabel}-${requestId}`;
}

export function onCallRetroWorkflowId(weekStart: string): string {
  return `on-call-retro-${weekStart}`;
}
