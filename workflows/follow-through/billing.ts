import { ActivityFailure } from '@temporalio/workflow';
import { FINAL_PERIOD, monthlyInvoice } from '../../rules/billing';
import { InvalidInputError } from '../../rules/validation';
import { gateBilledPeriods, isPeriodBilled } from '../billed-periods';
import {
  DISCOVERY_PERIOD,
  invoiceDrafted,
  invoiceIdFor,
  invoiceSent,
  monthBefore,
  monthlyRunDone,
  retryMonthlyRunTomorrow,
  type InvoiceReview,
  changesRequested,
  checkReview,
} from '../billing';
import { followUpOwner } from '../follow-ups';
import { followsRevision } from '../patches';
import type { LifecycleState } from '../state';
import type { LeadContext } from './context';
import { outsideSystems } from './outside-systems';

export function draftFinalInvoice(ctx: LeadContext): Promise<void> {
  const state = ctx.state();
  return draftOneOffInvoice(
    ctx,
    FINAL_PERIOD,
    'Fixed-price project',
    state.deal?.totalHours ?? state.estimatedHours ?? 0,
  );
}

/** 001: a discovery paid up front is invoiced once it is done; an RFP's, once the terms are accepted. */
export async function draftDiscoveryInvoice(ctx: LeadContext): Promise<void> {
  const hours = ctx.state().discovery?.hours ?? 0;
  if (hours <= 0 || isPeriodBilled(ctx.state(), DISCOVERY_PERIOD)) return;
  await draftOneOffInvoice(ctx, DISCOVERY_PERIOD, 'Technical discovery', hours);
}

async function draftOneOffInvoice(ctx: LeadContext, period: string, label: string, totalHours: number): Promise<void> {
  const { lead } = ctx.state();
  const invoiceId = invoiceIdFor(lead.mailingListLabel, period, ctx.engagement);
  const lines = [{ label, hours: totalHours }];
  try {
    const drafted = await outsideSystems.draftInvoice({
      invoiceId,
      client: lead.mailingListLabel,
      organisation: lead.organisation,
      period,
      lines,
      totalHours,
      overBudgetByHours: 0,
    });
    const invoice = { month: period, lines, totalHours, overBudgetByHours: 0 };
    ctx.commit(invoiceDrafted(ctx.state(), invoice, drafted, new Date()));
  } catch (error) {
    ctx.recordProblem(`invoice ${invoiceId}`, error);
  }
}

/** A month billed by the gate is checked against the hours bank as the monthly run checks its own. */
export async function warnIfGateBilledOverBudget(ctx: LeadContext): Promise<void> {
  const state = ctx.state();
  const billed = gateBilledPeriods(state).at(-1);
  const bank = state.deal?.monthlyHoursBank;
  const owner = followUpOwner(state);
  const justBilled = billed?.at === state.history[state.history.length - 1].enteredAt;
  if (!billed || !justBilled || bank === undefined || billed.hoursBilled <= bank || !owner) return;
  await sendBudgetWarning(ctx, {
    month: billed.period,
    invoiceId: billed.invoiceRef,
    usedHours: billed.hoursBilled,
    budgetHours: bank,
    owner,
  });
}

interface BudgetOverrun {
  month: string;
  invoiceId: string;
  usedHours: number;
  budgetHours: number;
  owner: string;
}

async function sendBudgetWarning(ctx: LeadContext, overrun: BudgetOverrun): Promise<void> {
  const { month, invoiceId, usedHours, budgetHours, owner } = overrun;
  try {
    await outsideSystems.warnBudgetOverrun({
      idempotencyKey: ctx.keyFor(`${invoiceId}/budget`),
      to: owner,
      organisation: ctx.state().lead.organisation,
      month,
      usedHours,
      budgetHours,
    });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    ctx.recordProblem(`budget warning ${invoiceId}`, error);
  }
}

/** The month just ended: its logs, its invoice drafted for review, and a warning if the budget was passed. */
export async function runMonthlyBilling(ctx: LeadContext, runAt: Date): Promise<void> {
  const { lead, deal } = ctx.state();
  const month = monthBefore(runAt);
  const invoiceId = invoiceIdFor(lead.mailingListLabel, month, ctx.engagement);
  if (followsRevision(ctx.state(), 1) && isPeriodBilled(ctx.state(), month)) {
    ctx.amend(monthlyRunDone(ctx.state(), runAt));
    return;
  }
  let invoice: ReturnType<typeof monthlyInvoice>;
  try {
    const hourly = deal?.pricing === 'iterative' || deal?.hourlyMaintenance === true;
    const logs = hourly ? await outsideSystems.gatherWorkLogs({ client: lead.mailingListLabel, month }) : [];
    invoice = monthlyInvoice({
      month,
      ...(deal?.maintenance
        ? { maintenance: { tier: deal.maintenance.tier, instances: deal.maintenance.instances } }
        : {}),
      hourlyLogs: logs,
      ...(deal?.monthlyHoursBank !== undefined ? { monthlyBudgetHours: deal.monthlyHoursBank } : {}),
    });
    const drafted = await outsideSystems.draftInvoice({
      ...invoice,
      invoiceId,
      client: lead.mailingListLabel,
      organisation: lead.organisation,
      period: month,
    });
    const transition = invoiceDrafted(ctx.state(), invoice, drafted, new Date());
    ctx.commit({ state: monthlyRunDone(transition.state, runAt), summary: transition.summary });
  } catch (error) {
    if (!(error instanceof InvalidInputError || error instanceof ActivityFailure)) throw error;
    // The month stays due and is tried again tomorrow: a month is never silently left unbilled.
    ctx.amend(retryMonthlyRunTomorrow(ctx.state(), runAt));
    if (!ctx.state().problems.some((problem) => problem.what === `invoice ${invoiceId}`)) {
      ctx.recordProblem(`invoice ${invoiceId}`, error);
    }
    return;
  }
  const owner = followUpOwner(ctx.state());
  if (invoice.overBudgetByHours > 0 && owner && invoice.budgetHours !== undefined) {
    const usedHours = invoice.budgetHours + invoice.overBudgetByHours;
    await sendBudgetWarning(ctx, { month, invoiceId, usedHours, budgetHours: invoice.budgetHours, owner });
  }
}

/** A reviewed invoice: approved, it is emailed to the client; otherwise it goes back with the reviewer's note. */
export async function reviewInvoice(ctx: LeadContext, request: InvoiceReview): Promise<LifecycleState> {
  const { review, invoice } = checkReview(ctx.state(), request);
  if (!review.approved) return ctx.commit(changesRequested(ctx.state(), invoice.invoiceId, review.note));
  const state = ctx.state();
  const { lead } = state;
  const { sentAt } = await outsideSystems.sendInvoice({
    idempotencyKey: ctx.keyFor(`${invoice.invoiceId}/send`),
    invoiceId: invoice.invoiceId,
    period: invoice.period,
    clientEmail: lead.email,
    clientName: lead.name,
    organisation: lead.organisation,
    mailingListLabel: lead.mailingListLabel,
    ...(state.clientOwner ? { clientOwner: state.clientOwner } : {}),
  });
  // Two reviewers approving at once both send the same email (one Message-ID); only the first counts it.
  if (!ctx.state().billing.pending.some((pending) => pending.invoiceId === invoice.invoiceId)) return ctx.state();
  return ctx.commit(invoiceSent(ctx.state(), invoice, review.by, sentAt));
}
