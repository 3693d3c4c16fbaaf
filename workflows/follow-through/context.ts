import type { LifecycleState } from '../state';
import type { Transition } from '../transitions';

/**
 * What a follow-through may do to its lead, and nothing more: each module's signature shows what it can change,
 * and a new follow-through needs no other part of the workflow.
 */
export interface LeadContext {
  /** The lead as it is now: read it again after every await, since an Update may have moved it meanwhile. */
  state(): LifecycleState;
  /** A change people see: published to the search attributes, logged, and it wakes the main loop. */
  commit(transition: Transition): LifecycleState;
  /** Bookkeeping nobody needs to hear of (the next run's date, a deleted schedule): no event, no wake-up. */
  amend(next: LifecycleState): void;
  /** An outside system failed for good: kept on the lead, where people see it. */
  recordProblem(what: string, error: unknown): void;
  /** Runs beside the main loop, which waits for it before the run ends or continues as new. */
  inBackground(work: () => Promise<void>): void;
  /** The idempotency key of one step of this engagement: the same on every retry and replay. */
  keyFor(step: string): string;
  readonly workflowId: string;
  /** Tells two engagements with one client apart (invoice ids). */
  readonly engagement: string;
}
