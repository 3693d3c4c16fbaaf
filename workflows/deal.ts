import type { LifecycleState } from './state';

/** An iterative project's hours bank and a maintenance contract bill every month; a fixed price bills once. */
export function billsMonthly(state: LifecycleState): boolean {
  return (
    state.deal?.pricing === 'iterative' ||
    state.deal?.maintenance !== undefined ||
    state.deal?.hourlyMaintenance === true
  );
}
