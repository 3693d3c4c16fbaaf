/**
 * The lifecycle workflow's public API, defined once and imported by the workflow, the client helpers and the tests.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { InvoiceReview } from './billing';
import type { GreetingDecision } from './greeting';
import type { GateRequest } from './gates';
import type { IdleDays } from './idle';
import type { LeadInput } from './lead';
import type { MeetingOutcome } from './meeting-messages';
import type { MeetingDoneRequest, RetryMeetingStepsRequest } from './meetings';
import type { FollowUp, LifecycleState, MeetingRecord, ScheduledCall, StageRecord } from './state';
import type { LifecycleStage } from './stages';
import type { RubricResult } from '../rules/rubric';
import type { NewProject } from './projects';
import type { MaintenanceChangeRequest } from './maintenance-changes';
import type { CloseLeadRequest } from './transitions';

/**
 * The lifecycle's workflow type, by name: a client starts it without loading the workflow code (and everything it
 * imports) into a process that only talks to the server.
 */
export const LIFECYCLE_WORKFLOW_TYPE = 'customerLifecycle';

export interface LifecycleInput {
  lead: LeadInput;
  /** Days from a meeting to its follow-up; the handbook says a week. */
  followUpDays?: number;
  /** Days a stage may sit untouched before the lead is flagged idle, per stage (see workflows/idle.ts). */
  idleDays?: IdleDays;
  /** History length that triggers continue-as-new; lowered only by tests that prove the hand-over. */
  continueAsNewAfterEvents?: number;
  /** A new project for an existing client (workflows/projects.ts): it starts at Blueprint. */
  project?: NewProject;
  /** Set by continue-as-new: the state the previous run ended with. */
  resume?: LifecycleState;
}

export interface ScheduleCallRequest {
  title: string;
  /** ISO date-time with an offset. */
  startsAt: string;
  /** Two or three ISO date-times to offer if the client does not show up. */
  rescheduleSlots: string[];
  meetingLink?: string;
  /** The agenda documents, checked 48 hours ahead with the link. */
  agendaUrl?: string;
  /** Who attends for us; default the client owner or the lead's owner. */
  ownerEmail?: string;
  ownerName?: string;
}

export interface FollowUpRequest {
  reason: string;
  /** ISO date-time; or give `inDays`. */
  dueAt?: string;
  inDays?: number;
  owner?: string;
}

/** Changing a due date re-arms its timer. */
export interface RescheduleFollowUpRequest {
  id: string;
  dueAt: string;
}

export interface CompleteFollowUpRequest {
  id: string;
  by: string;
}

export const completeGateUpdate = defineUpdate<LifecycleState, [GateRequest]>('completeGate');
export const closeLeadUpdate = defineUpdate<LifecycleState, [CloseLeadRequest]>('closeLead');
export const scheduleFollowUpUpdate = defineUpdate<FollowUp, [FollowUpRequest]>('scheduleFollowUp');
/** A meeting was held: send the summary, move the recording to Drive, note the link, set the follow-up. */
export const meetingDoneUpdate = defineUpdate<MeetingRecord, [MeetingDoneRequest]>('meetingDone');
/** An admin reviewed a drafted invoice: approved sends it, otherwise it waits with the requested changes. */
export const reviewInvoiceUpdate = defineUpdate<LifecycleState, [InvoiceReview]>('reviewInvoice');
/** Books a meeting: a child workflow checks the invite 48 h ahead and handles a no-show. */
export const scheduleCallUpdate = defineUpdate<ScheduledCall, [ScheduleCallRequest]>('scheduleCall');
/** Sent by the meeting's child workflow when it ends; reaches the lead even across continue-as-new. */
export const callOutcomeSignal = defineSignal<[{ callId: string; outcome: MeetingOutcome }]>('callOutcome');
export const rescheduleFollowUpUpdate = defineUpdate<FollowUp, [RescheduleFollowUpRequest]>('rescheduleFollowUp');
/** A client's infrastructure changed (a new maintenance tier), or it outgrew a contract (hourly maintenance). */
export const changeMaintenanceUpdate = defineUpdate<LifecycleState, [MaintenanceChangeRequest]>('changeMaintenance');
/** The owner approves (or skips) a new lead's first-contact greeting (workflows/greeting.ts). */
export const decideGreetingUpdate = defineUpdate<LifecycleState, [GreetingDecision]>('decideGreeting');
/** Someone followed up: the follow-up closes (a follow-up set by hand is not settled by a gate). */
export const completeFollowUpUpdate = defineUpdate<FollowUp, [CompleteFollowUpRequest]>('completeFollowUp');
/** A meeting's summary email or recording failed for good and its cause is fixed: the failed steps run again. */
export const retryMeetingStepsUpdate = defineUpdate<MeetingRecord, [RetryMeetingStepsRequest]>('retryMeetingSteps');

/** Fire-and-forget twins of the updates: an invalid signal is recorded in `rejected` and changes nothing else. */
export const gateSignal = defineSignal<[GateRequest]>('gate');
export const closeLeadSignal = defineSignal<[CloseLeadRequest]>('closeLeadSignal');

export const stateQuery = defineQuery<LifecycleState>('state');
export const stageQuery = defineQuery<LifecycleStage>('stage');
export const historyQuery = defineQuery<StageRecord[]>('history');
export const scoreQuery = defineQuery<RubricResult | undefined>('score');
export const openFollowUpsQuery = defineQuery<FollowUp[]>('openFollowUps');
