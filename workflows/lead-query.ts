/**
 * Visibility queries over the search attributes the lifecycle publishes, as the Web UI would write them: shared by
 * the client's listings and the Axim report, which must see the same leads.
 */
import { InvalidInputError } from '../rules/invalid-input';
import { LEAD_SOURCES } from '../rules/lead-source';
import {
  CLIENT_OWNER,
  FOLLOW_UP_OVERDUE,
  LEAD_IDLE,
  LEAD_PRIORITY,
  LEAD_SOURCE,
  LIFECYCLE_STAGE,
} from './search-attributes';
import { parseLifecycleStage, STAGE_LABELS } from './stages';

export interface LeadFilter {
  stage?: string;
  priority?: string;
  owner?: string;
  /** Where the lead came from: one of LEAD_SOURCES. */
  source?: string;
  /** Only leads flagged idle (LeadIdle). */
  idle?: boolean;
  /** Only leads with a follow-up whose owner was reminded and nobody settled (FollowUpOverdue). */
  overdue?: boolean;
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
  if (filter.source) {
    const source = LEAD_SOURCES.find((known) => known === filter.source?.trim().toLowerCase());
    if (!source) {
      throw new InvalidInputError('Invalid filter', [
        { field: 'source', message: `must be one of ${LEAD_SOURCES.join(', ')}` },
      ]);
    }
    clauses.push(`${LEAD_SOURCE.name} = '${source}'`);
  }
  if (filter.idle) clauses.push(`${LEAD_IDLE.name} = true`);
  if (filter.overdue) clauses.push(`${FOLLOW_UP_OVERDUE.name} = true`);
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
