/**
 * What a lead carries (rules revision 5): everything still open, the most recent records, and a count of the rest,
 * kept so on every change and handed over so by continue-as-new. A client billed monthly for years would otherwise
 * hold every stage record, meeting, note and invoice it ever had, answer every Update with them and hand them all
 * over. The records let go stay in the history of the run that made them, which Temporal keeps with the workflow.
 */
import type { ArchivedRecords, LifecycleState } from './state';

/** A year of monthly records: what `status` shows and what the rules look back at (the last gate, this month's run). */
export const RECENT_RECORDS_KEPT = 12;

type Countable = Exclude<keyof ArchivedRecords, 'throughRunId'>;

/** How many records of a kind this lead has made in all its runs: ids count on from it, so none is given twice. */
export function recordsMade(state: LifecycleState, kind: 'meetings' | 'followUps' | 'calls'): number {
  return (state.archived?.[kind] ?? 0) + state[kind].length;
}

/** Invoices drafted for this engagement in all its runs, waiting or sent: one more means a new one was drafted. */
export function invoicesMade(state: LifecycleState): number {
  return state.billing.pending.length + state.billing.sent.length + (state.archived?.sentInvoices ?? 0);
}

/** The records kept: every one `mustKeep` asks for, and the most recent others; in their original order. */
function keepRecent<Item>(items: Item[], mustKeep: (item: Item) => boolean = () => false): Item[] {
  const recentFrom = items.length - RECENT_RECORDS_KEPT;
  return items.filter((item, index) => index >= recentFrom || mustKeep(item));
}

/** A one-off invoice (the discovery, a fixed price's final one) is looked up by period for as long as the lead lives. */
function isOneOffPeriod(period: string): boolean {
  return !/^\d{4}-\d{2}$/.test(period);
}

export function carriedState(state: LifecycleState, runId: string): LifecycleState {
  const carried: LifecycleState = {
    ...state,
    history: keepRecent(state.history),
    // A step still running or failed for good stays: `resend` looks the meeting up to run it again.
    meetings: keepRecent(
      state.meetings,
      (meeting) =>
        meeting.summaryEmail === 'sending' ||
        meeting.summaryEmail === 'failed' ||
        meeting.recording?.status === 'moving' ||
        meeting.recording?.status === 'failed',
    ),
    followUps: keepRecent(state.followUps, (followUp) => !followUp.done),
    notes: keepRecent(state.notes),
    calls: keepRecent(state.calls, (call) => call.outcome === undefined),
    problems: keepRecent(state.problems),
    billing: {
      ...state.billing,
      sent: keepRecent(state.billing.sent, (invoice) => isOneOffPeriod(invoice.period)),
      ...(state.billing.byGate
        ? { byGate: keepRecent(state.billing.byGate, (billed) => isOneOffPeriod(billed.period)) }
        : {}),
    },
  };
  const dropped = (before: unknown[], after: unknown[]) => before.length - after.length;
  const earlier = state.archived;
  const count = (kind: Countable, before: unknown[], after: unknown[]) =>
    (earlier?.[kind] ?? 0) + dropped(before, after);
  const archived: ArchivedRecords = {
    history: count('history', state.history, carried.history),
    meetings: count('meetings', state.meetings, carried.meetings),
    followUps: count('followUps', state.followUps, carried.followUps),
    notes: count('notes', state.notes, carried.notes),
    calls: count('calls', state.calls, carried.calls),
    problems: count('problems', state.problems, carried.problems),
    sentInvoices: count('sentInvoices', state.billing.sent, carried.billing.sent),
    gateBilled: count('gateBilled', state.billing.byGate ?? [], carried.billing.byGate ?? []),
    throughRunId: runId,
  };
  const anyArchived = Object.entries(archived).some(([kind, value]) => kind !== 'throughRunId' && value !== 0);
  return anyArchived ? { ...carried, archived } : carried;
}
