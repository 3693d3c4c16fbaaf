import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { currentDetails } from '../current-details';
import { hasOverdueFollowUp, openFollowUps } from '../follow-ups';
import {
  CLIENT_OWNER,
  FOLLOW_UP_DUE,
  LEAD_IDLE,
  FOLLOW_UP_OVERDUE,
  LEAD_PRIORITY,
  LEAD_SCORE,
  LEAD_SOURCE,
  LIFECYCLE_STAGE,
} from '../search-attributes';
import { STAGE_LABELS } from '../stages';
import type { LifecycleState } from '../state';

/** The lead as the Web UI and `cli list` filter it, upserted on every change people see. */
export function publishVisibility(state: LifecycleState): void {
  const nextDue = openFollowUps(state)[0];
  upsertSearchAttributes([
    { key: LIFECYCLE_STAGE, value: STAGE_LABELS[state.stage] },
    { key: LEAD_SOURCE, value: state.lead.source },
    { key: LEAD_PRIORITY, value: state.rubric?.category ?? null },
    { key: LEAD_SCORE, value: state.rubric?.total ?? null },
    { key: CLIENT_OWNER, value: state.clientOwner ?? null },
    { key: FOLLOW_UP_DUE, value: nextDue ? new Date(nextDue.dueAt) : null },
    { key: LEAD_IDLE, value: state.idle !== undefined },
    { key: FOLLOW_UP_OVERDUE, value: hasOverdueFollowUp(state) },
  ]);
  // Served to the Web UI by a built-in query: nothing is written to the history.
  setCurrentDetails(currentDetails(state));
}
