import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The custom search attributes the Web UI and `cli list` filter leads by. Defined once here: the dev-server
 * launcher registers exactly this list, and the workflow upserts from it on every move.
 */
export const LIFECYCLE_STAGE = defineSearchAttributeKey('LifecycleStage', SearchAttributeType.KEYWORD);
export const LEAD_PRIORITY = defineSearchAttributeKey('LeadPriority', SearchAttributeType.KEYWORD);
export const LEAD_SCORE = defineSearchAttributeKey('LeadScore', SearchAttributeType.INT);
export const CLIENT_OWNER = defineSearchAttributeKey('ClientOwner', SearchAttributeType.KEYWORD);
export const FOLLOW_UP_DUE = defineSearchAttributeKey('FollowUpDue', SearchAttributeType.DATETIME);
export const LEAD_SOURCE = defineSearchAttributeKey('LeadSource', SearchAttributeType.KEYWORD);
/** True while the lead's stage has sat untouched past its idle limit. */
export const LEAD_IDLE = defineSearchAttributeKey('LeadIdle', SearchAttributeType.BOOL);
/**
 * True from the first reminder of a follow-up nobody has settled until it is settled: `FollowUpDue` cannot say it,
 * since a reminded follow-up rolls forward, and the query language has no "now".
 */
export const FOLLOW_UP_OVERDUE = defineSearchAttributeKey('FollowUpOverdue', SearchAttributeType.BOOL);

/** Support requests (issue 14): the Web UI lists open requests by client, level, state and SLA breach. */
export const SUPPORT_CLIENT = defineSearchAttributeKey('SupportClient', SearchAttributeType.KEYWORD);
export const SUPPORT_LEVEL = defineSearchAttributeKey('SupportLevel', SearchAttributeType.KEYWORD);
export const SUPPORT_STATUS = defineSearchAttributeKey('SupportStatus', SearchAttributeType.KEYWORD);
export const SUPPORT_SLA_BREACHED = defineSearchAttributeKey('SupportSlaBreached', SearchAttributeType.BOOL);

export const ALL_SEARCH_ATTRIBUTES = [
  LIFECYCLE_STAGE,
  LEAD_PRIORITY,
  LEAD_SCORE,
  CLIENT_OWNER,
  FOLLOW_UP_DUE,
  LEAD_SOURCE,
  LEAD_IDLE,
  FOLLOW_UP_OVERDUE,
  SUPPORT_CLIENT,
  SUPPORT_LEVEL,
  SUPPORT_STATUS,
  SUPPORT_SLA_BREACHED,
];
