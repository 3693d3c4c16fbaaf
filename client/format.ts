import type { LeadSummary, PendingWork } from './lifecycle';
import type { StrategyScheduleDetails, StrategyScheduleSummary } from './schedules';
import { utcMinute } from '../rules/display-time';
import type { RubricResult } from '../rules/rubric';
import { openFollowUps } from '../workflows/open-follow-ups';
import { describeGreeting } from '../workflows/greeting-description';
import { STAGE_LABELS } from '../workflows/stages';
import type { ArchivedRecords, LifecycleState } from '../workflows/state';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function day(iso: string | undefined): string {
  return iso ? utcMinute(iso) : '';
}

export function formatRubric(rubric: RubricResult): string {
  const rows = [['Factor', 'Score', 'Weight', 'Weighted']];
  for (const line of rubric.breakdown) {
    rows.push([line.label, String(line.score), `x${line.weight}`, String(line.weighted)]);
  }
  rows.push(['Total', '', '', `${rubric.total}/${rubric.maximum}`]);
  return `${table(rows)}\nCategory: ${rubric.category} priority`;
}

/** Activities still running or being retried, with the last error: e.g. a summary email while the relay is down. */
export function formatPendingWork(pending: PendingWork[]): string {
  if (pending.length === 0) return '';
  const lines = pending.map(
    (work) =>
      `  ${work.activity}, attempt ${work.attempt}` +
      (work.lastError ? `, last error: ${work.lastError.replace(/\s+/g, ' ')}` : '') +
      (work.nextAttemptAt ? `, next try ${work.nextAttemptAt}` : ''),
  );
  return `\nPending work (running, or retried after an error):\n${lines.join('\n')}`;
}

export function formatStatus(workflowId: string, state: LifecycleState): string {
  const { lead } = state;
  const lines = [
    `${lead.name} (${lead.organisation}) <${lead.email}>  [${workflowId}]`,
    `Stage:        ${STAGE_LABELS[state.stage]}${state.closedReason ? ` (${state.closedReason})` : ''}`,
    `Source:       ${lead.source}${lead.government ? ', government' : ''}`,
    `Priority:     ${state.rubric ? `${state.rubric.category} (${state.rubric.total}/${state.rubric.maximum})` : 'not scored yet'}`,
  ];
  if (state.greeting) lines.push(`Greeting:     ${describeGreeting(state.greeting)}`);
  if (state.clientOwner) lines.push(`Client owner: ${state.clientOwner}`);
  if (state.discovery) lines.push(`Discovery:    ${state.discovery.reason}`);
  if (state.deal) lines.push(`Deal:         ${dealText(state.deal)}`);
  if (state.deal?.maintenance) lines.push(`Maintenance:  ${maintenanceText(state.deal.maintenance)}`);
  if (state.smallProject) lines.push(`Plan:         ${state.smallProject.summary}`);
  lines.push('', 'History:');
  lines.push(
    table([
      ['Stage', 'Entered', 'Left', 'Completed by'],
      ...state.history.map((record) => [
        STAGE_LABELS[record.stage],
        day(record.enteredAt),
        day(record.leftAt),
        record.completedBy ?? '',
      ]),
    ]),
  );
  if (state.archived) lines.push(archivedText(state.archived));
  const open = openFollowUps(state);
  if (open.length > 0) {
    lines.push('', 'Open follow-ups:');
    for (const followUp of open)
      lines.push(`  ${followUp.id}  due ${day(followUp.dueAt)}  ${followUp.owner}  ${followUp.reason}`);
  }
  if (state.discovery?.scheduled) {
    const scheduled = state.discovery.scheduled;
    lines.push(
      '',
      `Discovery task: ${scheduled.taskKey} for ${scheduled.assignee}, due ${scheduled.dueDate} (${scheduled.via})  ${scheduled.taskUrl}`,
    );
  }
  if (state.idle)
    lines.push('', `IDLE: nothing has moved in ${STAGE_LABELS[state.idle.stage]} for ${state.idle.idleDays} days`);
  if (state.calls.length > 0) {
    lines.push('', 'Booked meetings:');
    for (const call of state.calls) {
      lines.push(
        `  ${call.id}  ${day(call.startsAt)}  ${call.title}${call.outcome ? `: ${call.outcome.outcome}` : ''}`,
      );
    }
  }
  if (state.billing.pending.length > 0 || state.billing.sent.length > 0) {
    lines.push('', 'Invoices:');
    for (const invoice of state.billing.pending) {
      lines.push(`  ${invoice.invoiceId}  ${invoice.totalHours} h  ${invoice.status}  ${invoice.location}`);
    }
    for (const invoice of state.billing.sent.slice(-3)) {
      lines.push(`  ${invoice.invoiceId}  ${invoice.totalHours} h  sent ${day(invoice.sentAt)}`);
    }
  }
  if (state.strategySchedule)
    lines.push('', `Strategy schedule: ${state.strategySchedule.scheduleId} (${state.strategySchedule.status})`);
  if (state.sprintStatusSchedule) {
    const { scheduleId, status } = state.sprintStatusSchedule;
    lines.push(
      '',
      `Sprint status email: ${scheduleId} (${status === 'active' ? 'every sprint, on its review day' : status})`,
    );
  }
  if (state.meetings.length > 0) {
    lines.push('', 'Meetings:');
    for (const meeting of state.meetings) {
      const recording = meeting.recording
        ? `, recording ${meeting.recording.status}${meeting.recording.link ? ` ${meeting.recording.link}` : ''}`
        : '';
      lines.push(
        `  ${meeting.id}  ${day(meeting.heldAt)}  ${meeting.title}: summary ${meeting.summaryEmail}${recording}`,
      );
    }
  }
  if (state.problems.length > 0) {
    lines.push('', 'Needs attention:');
    for (const problem of state.problems) lines.push(`  ${day(problem.at)}  ${problem.what}: ${problem.message}`);
  }
  if (state.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of state.notes) lines.push(`  ${day(note.at)}  ${note.text}${note.link ? `  ${note.link}` : ''}`);
  }
  if (state.rejected.length > 0) {
    lines.push('', 'Rejected signals:');
    for (const rejected of state.rejected) lines.push(`  ${day(rejected.at)}  ${rejected.change}: ${rejected.reason}`);
  }
  return lines.join('\n');
}

/** Records a long-lived lead no longer carries: said so, with where to read them, rather than silently gone. */
function archivedText(archived: ArchivedRecords): string {
  const counts: [number, string][] = [
    [archived.history, 'stage records'],
    [archived.meetings, 'meetings'],
    [archived.followUps, 'settled follow-ups'],
    [archived.calls, 'booked meetings'],
    [archived.sentInvoices + archived.gateBilled, 'billed months'],
    [archived.notes, 'notes'],
    [archived.problems, 'problems'],
  ];
  const listed = counts.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`);
  return `Earlier, not shown: ${listed.join(', ')}; in the histories of run ${archived.throughRunId} and the runs before it`;
}

function dealText(deal: NonNullable<LifecycleState['deal']>): string {
  if (deal.pricing === 'iterative') return `iterative, ${deal.monthlyHoursBank} h/month`;
  return deal.totalHours !== undefined ? `fixed price, ${deal.totalHours} h` : 'fixed price';
}

function maintenanceText(maintenance: NonNullable<NonNullable<LifecycleState['deal']>['maintenance']>): string {
  const { tier, instances, hoursPerInstance, monthlyHours } = maintenance;
  return `tier ${tier}, ${instances} instance${instances === 1 ? '' : 's'} x ${hoursPerInstance} h = ${monthlyHours} h a month`;
}

/**
 * What a successful gate says: the new stage, and why the lead went there (the rubric score and category, the
 * handbook rule that decided it, the deal or plan the gate recorded).
 */
export function formatGateOutcome(lead: string, state: LifecycleState): string {
  const lines = [`Gate completed: ${lead} is now in ${STAGE_LABELS[state.stage]}`];
  const completed = state.history[state.history.length - 2];
  const stage = completed?.stage;
  if (state.rubric && (stage === 'prospect-qualification' || stage === 'nurture' || stage === 'assess-needs')) {
    const was =
      stage === 'assess-needs' && state.qualificationTotal !== undefined
        ? ` (qualified with ${state.qualificationTotal})`
        : '';
    lines.push(`  Score:    ${state.rubric.total}/${state.rubric.maximum}, ${state.rubric.category} priority${was}`);
  }
  const why = completed?.note ?? state.closedReason;
  if (why) lines.push(`  Why:      ${why}`);
  if (stage === 'assess-needs' && state.discovery) lines.push(`  Discovery: ${state.discovery.reason}`);
  if (stage === 'blueprint' && state.smallProject) lines.push(`  Plan:     ${state.smallProject.summary}`);
  if (stage === 'proposal' && state.deal) lines.push(`  Deal:     ${dealText(state.deal)}`);
  if (stage === 'close') {
    if (state.clientOwner) lines.push(`  Client owner: ${state.clientOwner}`);
    if (state.deal?.maintenance) {
      lines.push(`  Maintenance: ${maintenanceText(state.deal.maintenance)}`);
      for (const reason of state.deal.maintenance.reasons) lines.push(`    - ${reason}`);
    }
  }
  if (state.stage === 'nurture') {
    const open = openFollowUps(state);
    const recheck = open[open.length - 1];
    if (recheck) lines.push(`  Re-check: ${day(recheck.dueAt)}  ${recheck.reason}`);
  }
  return lines.join('\n');
}

export function formatLeadList(leads: LeadSummary[]): string {
  if (leads.length === 0) return 'No leads match.';
  return table([
    [
      'Lead',
      'Organisation',
      'Stage',
      'Priority',
      'Score',
      'Source',
      'Lead owner',
      'Client owner',
      'Follow-up due',
      'Overdue',
      'Idle',
      'Status',
    ],
    ...leads.map((lead) => [
      lead.workflowId,
      lead.organisation,
      lead.stage,
      lead.priority,
      lead.score === undefined ? '' : String(lead.score),
      lead.source,
      lead.leadOwner,
      lead.clientOwner,
      day(lead.followUpDue),
      lead.overdue ? 'overdue' : '',
      lead.idle ? 'idle' : '',
      lead.status,
    ]),
  ]);
}

export function formatScheduleList(schedules: StrategyScheduleSummary[]): string {
  if (schedules.length === 0) return 'No strategy schedules.';
  return table([
    ['Schedule', 'Organisation', 'Paused', 'Next review', 'Reviews so far'],
    ...schedules.map((schedule) => [
      schedule.scheduleId,
      schedule.organisation,
      schedule.paused ? 'yes' : 'no',
      day(schedule.nextActionTimes[0]),
      String(schedule.recentActions),
    ]),
  ]);
}

export function formatSchedule(details: StrategyScheduleDetails): string {
  const days = (ms: number | undefined) => (ms === undefined ? '?' : `${Math.round(ms / 86_400_000)} days`);
  return [
    `${details.scheduleId}  (${details.organisation})`,
    `Every ${days(details.everyMs)}, jitter up to ${days(details.jitterMs)}${details.paused ? ', PAUSED' : ''}`,
    `Client owner: ${details.input?.clientOwner ?? '?'}`,
    `Next reviews: ${details.nextActionTimes.map(day).join(', ') || 'none'}`,
    `Recent reviews: ${details.recentWorkflowIds.join(', ') || 'none'}`,
    ...(details.note ? [`Note: ${details.note}`] : []),
  ].join('\n');
}
