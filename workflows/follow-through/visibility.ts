import type { SearchAttributeUpdatePair } from '@temporalio/common';
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

function visibilityAttributes(state: LifecycleState): SearchAttributeUpdatePair[] {
  const nextDue = openFollowUps(state)[0];
  return [
    { key: LIFECYCLE_STAGE, value: STAGE_LABELS[state.stage] },
    { key: LEAD_SOURCE, value: state.lead.source },
    { key: LEAD_PRIORITY, value: state.rubric?.category ?? null },
    { key: LEAD_SCORE, value: state.rubric?.total ?? null },
    { key: CLIENT_OWNER, value: state.clientOwner ?? null },
    { key: FOLLOW_UP_DUE, value: nextDue ? new Date(nextDue.dueAt) : null },
    { key: LEAD_IDLE, value: state.idle !== undefined },
    { key: FOLLOW_UP_OVERDUE, value: hasOverdueFollowUp(state) },
  ];
}

/** A value as it compares with the one upserted before: a date by its instant. */
function comparable(value: unknown): unknown {
  return value instanceof Date ? value.getTime() : value;
}

/**
 * What this run last upserted (rules revision 5), so a change that moves no attribute writes no history event and
 * an upsert carries only the attributes that moved.
 */
export class PublishedAttributes {
  private readonly last = new Map<string, unknown>();

  changedOnly(pairs: SearchAttributeUpdatePair[]): SearchAttributeUpdatePair[] {
    const changed = pairs.filter(
      (pair) => !this.last.has(pair.key.name) || this.last.get(pair.key.name) !== comparable(pair.value),
    );
    for (const pair of changed) this.last.set(pair.key.name, comparable(pair.value));
    return changed;
  }
}

/**
 * The lead as the Web UI and `cli list` filter it. Without `published` (leads before rules revision 5) every
 * attribute is upserted on every change people see.
 */
export function publishVisibility(state: LifecycleState, published?: PublishedAttributes): void {
  const pairs = visibilityAttributes(state);
  const upserts = published ? published.changedOnly(pairs) : pairs;
  if (upserts.length > 0) upsertSearchAttributes(upserts);
  // Served to the Web UI by a built-in query: nothing is written to the history.
  setCurrentDetails(currentDetails(state));
}
