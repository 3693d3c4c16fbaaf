/**
 * Monthly billing for ongoing work (an iterative project's hours bank, maintenance contracts) and the final invoice
 * of a fixed-price project, as pure functions over the lead's state.
 */
import { z } from 'zod';
import type { MonthlyInvoice } from '../rules/billing';
import { emailAddress, InvalidInputError, parseInput, requiredText } from '../rules/validation';
import type { BillingState, LifecycleState, PendingInvoice } from './state';
import { leaveBilling, moveTo, type Transition } from './transitions';
import { billsMonthly } from './deal';
import { DAY_MS } from '../rules/durations';
import { followsRevision } from './patches';
import { FINAL_PERIOD, firstOfNextMonth, monthBefore } from './billed-periods';

export { FINAL_PERIOD, firstOfNextMonth, monthBefore };

/** The period of a discovery invoiced on its own: paid up front, or on acceptance of an RFP's terms. */
export const DISCOVERY_PERIOD = 'discovery';

export function isMonth(period: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(period);
}

/** The engagement code keeps two engagements with one client (two contacts, or a client back later) apart. */
export function invoiceIdFor(clientLabel: string, period: string, engagement: string): string {
  return `INV-${clientLabel}-${period}-${engagement}`;
}

/** Starts the monthly cycle once a deal that bills monthly has closed. */
export function startMonthlyBilling(state: LifecycleState, now: Date): LifecycleState {
  if (!billsMonthly(state) || state.billing.nextRunAt) return state;
  return { ...state, billing: { ...state.billing, nextRunAt: firstOfNextMonth(now).toISOString() } };
}

/** A drafted invoice waits for review; a month's invoice also closes that month of Development. */
export function invoiceDrafted(
  state: LifecycleState,
  invoice:
    | MonthlyInvoice
    | { month: typeof FINAL_PERIOD; lines: PendingInvoice['lines']; totalHours: number; overBudgetByHours: number },
  drafted: { invoiceId: string; location: string },
  at: Date,
): Transition {
  const pending: PendingInvoice = {
    invoiceId: drafted.invoiceId,
    period: invoice.month,
    lines: invoice.lines,
    totalHours: invoice.totalHours,
    overBudgetByHours: invoice.overBudgetByHours,
    location: drafted.location,
    draftedAt: at.toISOString(),
    status: 'awaiting-review',
  };
  const withInvoice: LifecycleState = {
    ...state,
    billing: { ...state.billing, pending: [...state.billing.pending, pending] },
  };
  // A discovery invoice drafted on Close is not a month of Development (rules revision 1 on).
  const closesMonth = state.stage === 'development' && (!followsRevision(state, 1) || isMonth(invoice.month));
  const next = closesMonth
    ? moveTo(
        withInvoice,
        'billing',
        at.toISOString(),
        {
          by: 'monthly billing',
          evidence: { completed: 'month', month: invoice.month, hoursLogged: invoice.totalHours },
        },
        'routine',
      )
    : withInvoice;
  return { state: next, summary: `Invoice ${drafted.invoiceId} (${invoice.totalHours} h) drafted for review` };
}

export function monthlyRunDone(state: LifecycleState, ranAt: Date): LifecycleState {
  return { ...state, billing: { ...state.billing, nextRunAt: firstOfNextMonth(ranAt).toISOString() } };
}

/** The run for the month just ended failed: try again a day later, still for that month. */
export function retryMonthlyRunTomorrow(state: LifecycleState, runAt: Date): LifecycleState {
  const tomorrow = new Date(runAt.getTime() + DAY_MS);
  // Past the month after, the next regular run covers it: the failed month stays on the lead as a problem.
  const next = monthBefore(tomorrow) === monthBefore(runAt) ? tomorrow : firstOfNextMonth(runAt);
  return { ...state, billing: { ...state.billing, nextRunAt: next.toISOString() } };
}

const invoiceReviewSchema = z
  .object({
    invoiceId: requiredText(),
    approved: z.boolean({ error: 'must be true (send it) or false (changes needed)' }),
    by: emailAddress('must be the email of the reviewer'),
    note: z.string().optional(),
  })
  .strict();
export type InvoiceReview = z.input<typeof invoiceReviewSchema>;

/** Only an invoice that is waiting can be reviewed; returns it with the validated review. */
export function checkReview(
  state: LifecycleState,
  request: unknown,
): { review: z.output<typeof invoiceReviewSchema>; invoice: PendingInvoice } {
  const review = parseInput(invoiceReviewSchema, request, 'invoice review');
  const invoice = state.billing.pending.find((pending) => pending.invoiceId === review.invoiceId);
  if (!invoice) {
    const waiting = state.billing.pending.map((pending) => pending.invoiceId).join(', ') || 'none';
    throw new InvalidInputError('Review rejected', [
      { field: 'invoiceId', message: `no invoice '${review.invoiceId}' is waiting for review (waiting: ${waiting})` },
    ]);
  }
  return { review, invoice };
}

export function changesRequested(state: LifecycleState, invoiceId: string, note: string | undefined): Transition {
  return {
    state: {
      ...state,
      billing: {
        ...state.billing,
        pending: state.billing.pending.map((pending) =>
          pending.invoiceId === invoiceId
            ? { ...pending, status: 'changes-requested' as const, ...(note ? { note } : {}) }
            : pending,
        ),
      },
    },
    summary: `Invoice ${invoiceId}: changes requested${note ? ` (${note})` : ''}`,
  };
}

/** Sent: once nothing waits any more, the Billing stage is done, like the billing gate. */
export function invoiceSent(
  state: LifecycleState,
  invoice: PendingInvoice,
  approvedBy: string,
  sentAt: string,
): Transition {
  const billing: BillingState = {
    ...state.billing,
    pending: state.billing.pending.filter((pending) => pending.invoiceId !== invoice.invoiceId),
    sent: [
      ...state.billing.sent,
      { invoiceId: invoice.invoiceId, period: invoice.period, totalHours: invoice.totalHours, sentAt, approvedBy },
    ],
  };
  const counted: LifecycleState = { ...state, billing, billingCycles: state.billingCycles + 1 };
  if (state.stage !== 'billing' || billing.pending.length > 0) {
    return { state: counted, summary: `Invoice ${invoice.invoiceId} sent` };
  }
  return leaveBilling(
    counted,
    sentAt,
    { by: approvedBy, evidence: { invoiceRef: invoice.invoiceId, hoursBilled: invoice.totalHours } },
    'routine',
  );
}
