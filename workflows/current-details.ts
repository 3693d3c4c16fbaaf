import { utcMinute } from '../rules/display-time';
import { hasOverdueFollowUp, openFollowUps } from './follow-ups';
import { describeGreeting } from './greeting';
import { STAGE_LABELS } from './stages';
import type { LifecycleState } from './state';

/**
 * Where the lead stands, as the Web UI shows it on the lead's page (Markdown): the stage and since when, priority,
 * owners, the next follow-up, and whatever waits on a person (an overdue follow-up, an idle stage, a greeting or an
 * invoice to approve).
 */
export function currentDetails(state: LifecycleState): string {
  const entered = state.history.at(-1)?.enteredAt.slice(0, 10);
  const lines = [`**${STAGE_LABELS[state.stage]}**${entered ? ` since ${entered}` : ''}`];
  if (state.rubric) lines.push(`Priority: ${state.rubric.category} (${state.rubric.total}/${state.rubric.maximum})`);
  const owners = [
    state.lead.owner && `lead owner ${state.lead.owner}`,
    state.clientOwner && `client owner ${state.clientOwner}`,
  ];
  if (owners.some(Boolean)) lines.push(`Owners: ${owners.filter(Boolean).join(', ')}`);
  const next = openFollowUps(state)[0];
  if (next) lines.push(`Next follow-up: ${utcMinute(next.dueAt)}, ${next.reason} (${next.owner})`);
  const waiting = [
    hasOverdueFollowUp(state) && 'a follow-up is overdue',
    state.idle && `idle in ${STAGE_LABELS[state.stage]}`,
    state.greeting?.status === 'awaiting-approval' && describeGreeting(state.greeting),
    state.billing.pending.length > 0 &&
      `invoices to review: ${state.billing.pending.map((i) => i.invoiceId).join(', ')}`,
  ].filter((item): item is string => typeof item === 'string');
  if (waiting.length > 0) lines.push(`Waiting on someone: ${waiting.join('; ')}`);
  return lines.join('\n\n');
}
