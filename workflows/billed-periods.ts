/**
 * Which periods of work have been billed, whichever way: an invoice drafted by the monthly run (waiting or sent), or
 * a `billing` gate completed by hand. A period is billed once.
 */
import { FINAL_PERIOD } from '../rules/billing';
import type { GateBilledPeriod, LifecycleState } from './state';

export { FINAL_PERIOD };

export function gateBilledPeriods(state: LifecycleState): GateBilledPeriod[] {
  return state.billing.byGate ?? [];
}

export function isPeriodBilled(state: LifecycleState, period: string): boolean {
  return (
    state.billing.sent.some((invoice) => invoice.period === period) ||
    state.billing.pending.some((invoice) => invoice.period === period) ||
    gateBilledPeriods(state).some((billed) => billed.period === period)
  );
}

export function isInvoiceRefUsed(state: LifecycleState, invoiceRef: string): boolean {
  return (
    state.billing.sent.some((invoice) => invoice.invoiceId === invoiceRef) ||
    state.billing.pending.some((invoice) => invoice.invoiceId === invoiceRef) ||
    gateBilledPeriods(state).some((billed) => billed.invoiceRef === invoiceRef)
  );
}

/** YYYY-MM of a date, in UTC like the monthly run. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** Invoices go out for the month just ended, on the first day of the next one (UTC). */
export function firstOfNextMonth(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

export function monthBefore(date: Date): string {
  const previous = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1));
  return previous.toISOString().slice(0, 7);
}

/** The monthly run that bills `month` (YYYY-MM): the first day of the month after it. */
export function runThatBills(month: string): Date {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Date(Date.UTC(year, monthNumber, 1));
}
