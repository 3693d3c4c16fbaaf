import { allHandlersFinished, log, workflowInfo } from '@temporalio/workflow';
import { carriedState } from '../carried-state';
import type { LifecycleState } from '../state';
import type { Transition } from '../transitions';
import type { LeadContext } from './context';
import { failureMessage } from './failure-message';
import { onEnter } from './stage-entry';
import { LEAN_HISTORY_REVISION, followsRevision } from '../patches';
import { PublishedAttributes, publishVisibility } from './visibility';

/** One run of a lead's workflow: its state, and the follow-through still running beside the main loop. */
export class LeadRun implements LeadContext {
  /** Changes people see so far: the main loop wakes when this moves. */
  changes = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly published: PublishedAttributes | undefined;

  constructor(
    private current: LifecycleState,
    readonly workflowId: string,
    readonly engagement: string,
  ) {
    this.published = followsRevision(current, LEAN_HISTORY_REVISION) ? new PublishedAttributes() : undefined;
  }

  state(): LifecycleState {
    return this.current;
  }

  commit(transition: Transition): LifecycleState {
    const before = this.current.stage;
    // Bounded as it changes, not only at the hand-over: every Update answers with the state, and the history keeps it.
    this.current = this.published ? carriedState(transition.state, workflowInfo().runId) : transition.state;
    this.changes += 1;
    this.publishVisibility();
    log.info(transition.summary, { stage: this.current.stage });
    if (this.current.stage !== before) onEnter(this, this.current.stage);
    return this.current;
  }

  /** The search attributes and the Web UI's current details, from the state as it is now. */
  publishVisibility(): void {
    publishVisibility(this.current, this.published);
  }

  amend(next: LifecycleState): void {
    this.current = next;
  }

  recordProblem(what: string, error: unknown): void {
    const message = failureMessage(error);
    const state = this.current;
    this.commit({
      state: { ...state, problems: [...state.problems, { at: new Date().toISOString(), what, message }] },
      summary: `${what} failed: ${message}`,
    });
  }

  inBackground(work: () => Promise<void>): void {
    const running: Promise<void> = work().finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  keyFor(step: string): string {
    return `${this.workflowId}/${this.engagement}/${step}`;
  }

  /** Nothing left running, no handler half-way: the run may end or continue as new without losing work. */
  settled(): boolean {
    return this.inFlight.size === 0 && allHandlersFinished();
  }
}
