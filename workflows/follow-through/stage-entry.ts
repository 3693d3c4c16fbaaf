import { startMonthlyBilling } from '../billing';
import { followsRevision, SPRINT_STATUS_REVISION } from '../patches';
import { isFinished, type LifecycleStage } from '../stages';
import type { LifecycleState } from '../state';
import { closeTasks, tenderReviewTask } from '../team-tasks';
import { draftDiscoveryInvoice, draftFinalInvoice, warnIfGateBilledOverBudget } from './billing';
import type { LeadContext } from './context';
import { assignDiscovery } from './discovery';
import { sprintStatusSender, startSprintStatusEmails, stopSprintStatusEmails } from './sprint-status-emails';
import { startStrategyReviews, stopStrategyReviews } from './strategy-reviews';
import { createTasks } from './team-tasks';

/** What entering a stage sets off, whichever Update, Signal or timer moved the lead there. */
export function onEnter(ctx: LeadContext, stage: LifecycleStage): void {
  const revised = followsRevision(ctx.state(), 1);
  const state = (): LifecycleState => ctx.state();
  if (stage === 'blueprint' && !(revised && state().smallProject?.option === 'development')) {
    ctx.inBackground(() => assignDiscovery(ctx));
  }
  if (stage === 'development') ctx.amend(startMonthlyBilling(state(), new Date()));
  if (stage === 'development' && state().clientEpic && state().clientOwner && !state().strategySchedule) {
    ctx.inBackground(() => startStrategyReviews(ctx));
  }
  if (stage === 'billing' && completedProject(state())) ctx.inBackground(() => draftFinalInvoice(ctx));
  if (isFinished(stage) && state().strategySchedule?.status === 'active' && !(revised && stillAClient(state()))) {
    ctx.inBackground(() => stopStrategyReviews(ctx));
  }
  if (followsRevision(state(), SPRINT_STATUS_REVISION)) followSprintStatus(ctx, stage);
  if (!revised) return;
  const bid = state().bid;
  if (stage === 'assess-needs' && bid?.respond && bid.needsReview) {
    ctx.inBackground(() => createTasks(ctx, [tenderReviewTask(state())]));
  }
  if (stage === 'proposal' && state().discovery?.charge === 'paid-up-front') {
    ctx.inBackground(() => draftDiscoveryInvoice(ctx));
  }
  if (stage === 'close') ctx.inBackground(() => createTasks(ctx, closeTasks(state())));
  if (stage === 'development' && state().discovery?.charge === 'billed-on-acceptance') {
    ctx.inBackground(() => draftDiscoveryInvoice(ctx));
  }
  if (stage === 'development') ctx.inBackground(() => warnIfGateBilledOverBudget(ctx));
}

/** Rules revision 4: an iterative client hears its sprint's status every sprint, until it ends (003). */
function followSprintStatus(ctx: LeadContext, stage: LifecycleStage): void {
  const state = ctx.state();
  const iterative = state.deal?.pricing === 'iterative';
  if (stage === 'development' && iterative && sprintStatusSender(state) && state.sprintStatusSchedule === undefined) {
    ctx.inBackground(() => startSprintStatusEmails(ctx));
  }
  if (isFinished(stage) && state.sprintStatusSchedule?.status === 'active') {
    ctx.inBackground(() => stopSprintStatusEmails(ctx));
  }
}

/** The lead just left Development through the gate that says the fixed-price project is finished. */
function completedProject(state: LifecycleState): boolean {
  const evidence = state.history[state.history.length - 2]?.evidence as { completed?: string } | undefined;
  return state.deal?.pricing === 'fixed' && evidence?.completed === 'project';
}

/** A fixed-price project delivered and billed ends the engagement, not the client: its strategy reviews go on. */
function stillAClient(state: LifecycleState): boolean {
  const billed = state.history[state.history.length - 2]?.evidence as { invoiceRef?: string } | undefined;
  return state.stage === 'won' && billed?.invoiceRef !== undefined;
}
