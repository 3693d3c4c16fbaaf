/**
 * The lifecycle's state machine as pure functions: every gate, by Update or by Signal, goes through here, so the
 * rules live in one place and a rejected change can never leave half a state behind (nothing is mutated; a new
 * state is returned or an InvalidInputError is thrown).
 */
import { z } from 'zod';
import { billsMonthly } from './deal';
import { GATED_STAGES, gateEvidenceSchema, isGatedStage, type GateEvidence, type GatedStage } from './gates';
import type { Lead } from './lead';
import { clientOwnerAfterClose } from '../rules/client-owner';
import { discoveryTerms } from '../rules/discovery';
import { isBidSource } from '../rules/lead-source';
import { suggestMaintenanceTier } from '../rules/maintenance';
import { priceProposal } from '../rules/pricing';
import { NURTURE_RECHECK_DAYS, qualify } from '../rules/qualification';
import { assessBid, type BidDecision } from '../rules/rfp';
import { scoreLead, type PriorityCategory } from '../rules/rubric';
import { planSmallProject } from '../rules/small-project';
import { fieldIssues, InvalidInputError, parseInput, requiredText } from '../rules/validation';
import { isFinished, STAGE_LABELS, type LifecycleStage } from './stages';
import type { DiscoveryPlan, FollowUp, LifecycleState } from './state';
import { DAY_MS } from '../rules/durations';
import { followsRevision, INPUT_BOUNDS_REVISION } from './patches';
import { checkGateEnvelopeBounds, checkGateEvidenceBounds } from './input-bounds';
import { regreetAfterScoring } from './greeting';
import {
  FINAL_PERIOD,
  firstOfNextMonth,
  gateBilledPeriods,
  isInvoiceRefUsed,
  isPeriodBilled,
  monthOf,
  runThatBills,
} from './billed-periods';
import { recordsMade } from './carried-state';

export interface Transition {
  state: LifecycleState;
  /** One line for people: what happened. */
  summary: string;
}

export function startLifecycle(lead: Lead, now: Date): LifecycleState {
  const at = now.toISOString();
  return {
    lead,
    stage: 'prospect-qualification',
    history: [
      {
        stage: 'generating-leads',
        enteredAt: at,
        leftAt: at,
        completedBy: lead.source,
        evidence: { inquiry: `${lead.name} of ${lead.organisation} inquired (${lead.source})` },
        note: 'Someone inquired about our services and became a lead.',
      },
      { stage: 'prospect-qualification', enteredAt: at },
    ],
    clientEpic: false,
    billingCycles: 0,
    followUps: [],
    notes: [],
    meetings: [],
    calls: [],
    problems: [],
    billing: { pending: [], sent: [] },
    rejected: [],
  };
}

function reject(field: string, message: string): never {
  throw new InvalidInputError('Gate rejected', [{ field, message }]);
}

/** Leaves the current stage (closing its history row) and enters `next`. */
export function moveTo(
  state: LifecycleState,
  next: LifecycleStage,
  at: string,
  gate: { by: string; evidence?: unknown; note?: string },
  kind: 'gate' | 'routine' = 'gate',
): LifecycleState {
  const history = state.history.map((record, index) =>
    index === state.history.length - 1
      ? {
          ...record,
          leftAt: at,
          completedBy: gate.by,
          evidence: gate.evidence,
          ...(gate.note ? { note: gate.note } : {}),
        }
      : record,
  );
  // A gate is the lead responding: the follow-ups that waited for it are settled. A routine move (a month billed) is
  // not, and a follow-up set by hand waits for its own date. Before rules revision 1, every move settled every one.
  const settles = (followUp: FollowUp): boolean =>
    !followsRevision(state, 1) || (kind === 'gate' && followUp.settledByNextGate === true);
  const followUps = state.followUps.map((followUp) =>
    followUp.done || !settles(followUp) ? followUp : { ...followUp, done: true },
  );
  return { ...state, stage: next, history: [...history, { stage: next, enteredAt: at }], followUps, idle: undefined };
}

export function addFollowUp(
  state: LifecycleState,
  followUp: { reason: string; dueAt: Date; owner: string; repeatDays?: number; settledByNextGate?: boolean },
  now: Date,
): LifecycleState {
  const created: FollowUp = {
    id: `follow-up-${recordsMade(state, 'followUps') + 1}`,
    reason: followUp.reason,
    dueAt: followUp.dueAt.toISOString(),
    owner: followUp.owner,
    createdAt: now.toISOString(),
    reminders: 0,
    done: false,
    ...(followUp.repeatDays ? { repeatDays: followUp.repeatDays } : {}),
    ...(followUp.settledByNextGate ? { settledByNextGate: true } : {}),
  };
  return { ...state, followUps: [...state.followUps, created] };
}

const gateEnvelopeSchema = z.object({
  stage: z.string({ message: 'must name the stage whose gate is completed' }),
  by: requiredText(),
  evidence: z.unknown(),
});

function gateAccepts(stage: GatedStage, current: LifecycleStage): boolean {
  // A nurtured lead is re-qualified through the same gate when its factors improve.
  return stage === current || (stage === 'prospect-qualification' && current === 'nurture');
}

export function completeGate(state: LifecycleState, request: unknown, now: Date): Transition {
  const envelope = parseInput(gateEnvelopeSchema, request, 'gate request');
  const bounded = followsRevision(state, INPUT_BOUNDS_REVISION);
  if (bounded) checkGateEnvelopeBounds(request);
  const { stage, by } = envelope;
  if (!isGatedStage(stage)) {
    reject('stage', `'${stage}' has no gate to complete; gated stages: ${GATED_STAGES.join(', ')}`);
  }
  if (isFinished(state.stage)) {
    reject('stage', `the lead is ${STAGE_LABELS[state.stage]}: no gate can be completed any more`);
  }
  if (!gateAccepts(stage, state.stage)) {
    reject(
      'stage',
      `gate out of order: the lead is in ${STAGE_LABELS[state.stage]}, so the ${STAGE_LABELS[stage]} gate cannot be completed now`,
    );
  }
  const at = now.toISOString();
  const evidence = parseEvidence(stage, envelope.evidence);
  if (bounded) checkGateEvidenceBounds(evidence);
  switch (stage) {
    case 'prospect-qualification':
      return qualifyLead(state, evidence as GateEvidence<'prospect-qualification'>, by, now);
    case 'assess-needs':
      return assessNeeds(state, evidence as GateEvidence<'assess-needs'>, by, at);
    case 'blueprint':
      return completeBlueprint(state, evidence as GateEvidence<'blueprint'>, by, at);
    case 'proposal':
      return deliverProposal(state, evidence as GateEvidence<'proposal'>, by, at);
    case 'close':
      return closeDeal(state, evidence as GateEvidence<'close'>, by, at);
    case 'development':
      return completeDevelopment(state, evidence as GateEvidence<'development'>, by, now);
    case 'billing':
      return completeBilling(state, evidence as GateEvidence<'billing'>, by, at);
  }
}

function parseEvidence(stage: GatedStage, evidence: unknown): unknown {
  const result = (gateEvidenceSchema(stage) as z.ZodType<unknown>).safeParse(evidence);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error, '').map((issue) => ({
    ...issue,
    field: issue.field ? `evidence.${issue.field}` : 'evidence',
  }));
  throw new InvalidInputError(`Invalid ${STAGE_LABELS[stage]} gate evidence`, issues);
}

function qualifyLead(
  state: LifecycleState,
  evidence: GateEvidence<'prospect-qualification'>,
  by: string,
  now: Date,
): Transition {
  const at = now.toISOString();
  const rubric = scoreLead(evidence.scores);
  const scored = { ...state, rubric };
  const { lead } = state;
  if (isBidSource(lead.source)) {
    const bid = assessBid({
      source: lead.source,
      category: rubric.category,
      government: lead.government,
      lawForbidsDiscoveryBilling: evidence.lawForbidsDiscoveryBilling,
    });
    if (!bid.respond) {
      return {
        state: {
          ...moveTo({ ...scored, bid }, 'declined', at, { by, evidence, note: bid.reason }),
          closedReason: bid.reason,
        },
        summary: `Declined: ${bid.reason}`,
      };
    }
    scored.bid = bid;
  }
  const decision = qualify({ category: rubric.category, responsive: evidence.responsive });
  if (decision.outcome === 'hold') reject('evidence.responsive', decision.reason);
  if (decision.outcome === 'nurture') {
    const nurtured = moveTo(scored, 'nurture', at, { by, evidence, note: decision.reason });
    return {
      state: regreetAfterScoring(
        addFollowUp(
          nurtured,
          {
            reason: `Re-check ${lead.organisation}: has the lead's rubric score improved?`,
            dueAt: new Date(now.getTime() + decision.recheckAfterDays * DAY_MS),
            owner: lead.owner ?? by,
            repeatDays: decision.recheckAfterDays,
            settledByNextGate: true,
          },
          now,
        ),
        now,
      ),
      summary: `Nurture: ${decision.reason} (re-check in ${NURTURE_RECHECK_DAYS} days)`,
    };
  }
  const qualified = moveTo(
    { ...scored, qualificationTotal: rubric.total, discovery: discoveryFor(scored.bid, rubric.category) },
    'assess-needs',
    at,
    { by, evidence, note: decision.reason },
  );
  return {
    state: regreetAfterScoring(qualified, now),
    summary: `Qualified as ${rubric.category} priority (${rubric.total}/${rubric.maximum}): on to Assess Needs`,
  };
}

function assessNeeds(
  state: LifecycleState,
  evidence: GateEvidence<'assess-needs'>,
  by: string,
  at: string,
): Transition {
  const rubric = scoreLead(evidence.scores);
  const baseline = state.qualificationTotal ?? 0;
  if (rubric.total < baseline) {
    reject(
      'evidence.scores',
      `the re-scored total ${rubric.total} is below the qualification score ${baseline}: the gate needs the score to hold or improve`,
    );
  }
  const discovery: DiscoveryPlan = {
    ...discoveryFor(state.bid, rubric.category),
    developer: state.discovery?.developer,
  };
  if (!followsRevision(state, 1)) {
    return {
      state: moveTo({ ...state, rubric, discovery }, 'blueprint', at, { by, evidence }),
      summary: `Needs documented; score ${rubric.total} (was ${baseline}): on to Blueprint`,
    };
  }
  // 002: "The opportunity's score ... is improving"; a lead already at the maximum can only hold it.
  if (rubric.total === baseline && baseline < rubric.maximum) {
    reject(
      'evidence.scores',
      `the re-scored total ${rubric.total} equals the qualification score: the gate needs the score to improve`,
    );
  }
  for (const field of ['requirements', 'decisionProcess', 'competitors'] as const) {
    if (!evidence[field]) reject(`evidence.${field}`, `is required: ${ASSESS_NEEDS_QUESTIONS[field]}`);
  }
  const smallProject = evidence.smallProject ? planSmallProject(evidence.smallProject) : undefined;
  const paidDiscovery = smallProject ? smallProject.option === 'discovery' : discovery.charge === 'paid-up-front';
  if (paidDiscovery && evidence.discoveryPaymentAgreed !== true) {
    reject(
      'evidence.discoveryPaymentAgreed',
      'must be true: the client agrees to pay for the time spent on discovery before it starts',
    );
  }
  const agreed: DiscoveryPlan = paidDiscovery
    ? { ...discovery, charge: 'paid-up-front', upfrontCharge: true, paymentAgreed: { by, at } }
    : smallProject
      ? {
          ...discovery,
          charge: 'not-billed',
          upfrontCharge: false,
          reason: 'Small project: development hours agreed instead of a discovery',
        }
      : discovery;
  const next: LifecycleState = {
    ...state,
    rubric,
    discovery: agreed,
    ...(smallProject ? { smallProject: smallProjectOf(smallProject) } : {}),
  };
  return {
    state: moveTo(next, 'blueprint', at, { by, evidence }),
    summary: `Needs documented; score ${rubric.total} (was ${baseline})${paidDiscovery ? '; paid discovery agreed' : ''}: on to Blueprint`,
  };
}

const ASSESS_NEEDS_QUESTIONS = {
  requirements: 'the functional and technical requirements for the solution',
  decisionProcess: "the client's internal decision-making process",
  competitors: 'the alternatives and competitors, and our strengths and weaknesses against them',
};

function smallProjectOf(plan: ReturnType<typeof planSmallProject>): NonNullable<LifecycleState['smallProject']> {
  return { option: plan.option, billableHours: plan.billableHours, summary: plan.summary };
}

/** Discovery that is invoiced on its own (paid up front, billed on acceptance) or never: not part of the price. */
export function discoveryBilledApart(state: LifecycleState): boolean {
  const charge = state.discovery?.charge;
  return followsRevision(state, 1) && charge !== undefined && charge !== 'deferred-until-project-start';
}

/** An RFP or tender answered at High priority follows the bid rules for discovery billing, not the usual terms. */
function discoveryFor(bid: BidDecision | undefined, category: PriorityCategory): DiscoveryPlan {
  if (bid?.respond) {
    return {
      charge: bid.discoveryBilling === 'on-acceptance' ? 'billed-on-acceptance' : 'not-billed',
      upfrontCharge: false,
      reason: bid.reason,
    };
  }
  return discoveryTerms(category);
}

function completeBlueprint(
  state: LifecycleState,
  evidence: GateEvidence<'blueprint'>,
  by: string,
  at: string,
): Transition {
  const smallProject = evidence.smallProject ? planSmallProject(evidence.smallProject) : undefined;
  const discovery: DiscoveryPlan = {
    ...(state.discovery ?? discoveryTerms('Medium')),
    developer: evidence.discoveryDeveloper,
  };
  if (followsRevision(state, 1)) {
    const invoiced = discovery.charge === 'paid-up-front' || discovery.charge === 'billed-on-acceptance';
    if (invoiced && evidence.discoveryHours === undefined) {
      reject('evidence.discoveryHours', 'is required: the discovery is invoiced, so its billable hours are needed');
    }
    const cap = state.smallProject?.option === 'discovery' ? state.smallProject.billableHours : undefined;
    if (cap !== undefined && (evidence.discoveryHours ?? 0) > cap) {
      reject('evidence.discoveryHours', `must be at most ${cap}: the small project's discovery was agreed at ${cap} h`);
    }
    if (evidence.discoveryHours !== undefined) discovery.hours = evidence.discoveryHours;
  }
  const next: LifecycleState = {
    ...state,
    blueprintUrl: evidence.blueprintUrl,
    estimatedHours: evidence.estimatedHours,
    discovery,
    ...(smallProject ? { smallProject: smallProjectOf(smallProject) } : {}),
  };
  return {
    state: moveTo(next, 'proposal', at, { by, evidence }),
    summary: `Blueprint completed (${evidence.estimatedHours} h estimated): on to Proposal`,
  };
}

function deliverProposal(
  state: LifecycleState,
  evidence: GateEvidence<'proposal'>,
  by: string,
  at: string,
): Transition {
  // A discovery invoiced on its own, or that a tender's law forbids billing, is not added to the price again.
  const pricing =
    evidence.pricing.pricing === 'fixed' && discoveryBilledApart(state)
      ? { ...evidence.pricing, discoveryBilled: true }
      : evidence.pricing;
  const price = priceProposal(pricing);
  const agreedHours = state.smallProject?.option === 'development' ? state.smallProject.billableHours : undefined;
  if (followsRevision(state, 1) && agreedHours !== undefined && price.pricing === 'fixed') {
    if (price.totalHours < agreedHours) {
      reject(
        'evidence.pricing.estimatedHours',
        `the client agreed to up to ${agreedHours} h of development: the proposal prices ${price.totalHours} h`,
      );
    }
  }
  const deal =
    price.pricing === 'fixed'
      ? { pricing: price.pricing, totalHours: price.totalHours }
      : { pricing: price.pricing, monthlyHoursBank: price.monthlyHoursBank };
  return {
    state: moveTo({ ...state, proposalUrl: evidence.proposalUrl, deal }, 'close', at, {
      by,
      evidence: { ...evidence, price },
    }),
    summary:
      price.pricing === 'fixed'
        ? `Final proposal delivered: fixed price, ${price.totalHours} h`
        : `Final proposal delivered: iterative, ${price.monthlyHoursBank} h a month`,
  };
}

function closeDeal(state: LifecycleState, evidence: GateEvidence<'close'>, by: string, at: string): Transition {
  const clientOwner = clientOwnerAfterClose({
    isNewClient: evidence.isNewClient,
    smallProject: state.smallProject !== undefined,
    discoveryDeveloper: state.discovery?.developer,
    currentOwner: state.clientOwner,
  });
  const maintenance = evidence.maintenance ? suggestMaintenanceTier(evidence.maintenance) : undefined;
  const deal = { ...(state.deal ?? { pricing: 'fixed' as const }), ...(maintenance ? { maintenance } : {}) };
  const closed: LifecycleState = {
    ...state,
    deal,
    clientEpic: evidence.clientEpic,
    ...(clientOwner ? { clientOwner } : {}),
  };
  return {
    state: moveTo(closed, 'development', at, { by, evidence }),
    summary: `Closed: ${state.lead.organisation} is a client${clientOwner ? ` (client owner ${clientOwner})` : ''}`,
  };
}

function completeDevelopment(
  state: LifecycleState,
  evidence: GateEvidence<'development'>,
  by: string,
  now: Date,
): Transition {
  const at = now.toISOString();
  const pricing = state.deal?.pricing ?? 'fixed';
  if (evidence.completed === 'month' && followsRevision(state, 1)) {
    if (evidence.month > monthOf(now)) {
      reject('evidence.month', `${evidence.month} is in the future: a month is completed once it has been worked`);
    }
    if (isPeriodBilled(state, evidence.month)) {
      reject('evidence.month', `${evidence.month} is already billed: a month is billed once`);
    }
  }
  if (evidence.completed === 'project' && pricing !== 'fixed') {
    reject('evidence.completed', "an iterative project is billed monthly: complete a 'month' of work");
  }
  if (evidence.completed === 'month' && pricing === 'fixed' && !state.deal?.maintenance) {
    reject('evidence.completed', "a fixed-price project is billed on completion: complete the 'project'");
  }
  return {
    state: moveTo(state, 'billing', at, { by, evidence }),
    summary:
      evidence.completed === 'project'
        ? 'Project complete: on to Billing'
        : `Month ${evidence.month} complete: on to Billing`,
  };
}

function completeBilling(state: LifecycleState, evidence: GateEvidence<'billing'>, by: string, at: string): Transition {
  if (!followsRevision(state, 1)) {
    return leaveBilling({ ...state, billingCycles: state.billingCycles + 1 }, at, { by, evidence });
  }
  const waiting = state.billing.pending.map((invoice) => `${invoice.invoiceId} (${invoice.status})`);
  if (waiting.length > 0) {
    reject('stage', `invoices wait for review: ${waiting.join(', ')}; approve them with \`invoice --approve\` instead`);
  }
  if (isInvoiceRefUsed(state, evidence.invoiceRef)) {
    reject('evidence.invoiceRef', `'${evidence.invoiceRef}' was already billed: each invoice reference bills once`);
  }
  const completed = state.history[state.history.length - 2]?.evidence as { month?: string } | undefined;
  const period = completed?.month ?? FINAL_PERIOD;
  const billed = { period, invoiceRef: evidence.invoiceRef, hoursBilled: evidence.hoursBilled, at };
  const nextRunAt = state.billing.nextRunAt;
  // The automatic run must not draft again a month the gate has just billed.
  const skipsRun =
    nextRunAt !== undefined && period !== FINAL_PERIOD && Date.parse(nextRunAt) <= runThatBills(period).getTime();
  const billing = {
    ...state.billing,
    byGate: [...gateBilledPeriods(state), billed],
    ...(skipsRun ? { nextRunAt: firstOfNextMonth(runThatBills(period)).toISOString() } : {}),
  };
  return leaveBilling({ ...state, billing, billingCycles: state.billingCycles + 1 }, at, { by, evidence });
}

/** The invoice is out, by the gate or by an approved review: monthly work goes on in Development, a fixed price is Won. */
export function leaveBilling(
  state: LifecycleState,
  at: string,
  gate: { by: string; evidence: { invoiceRef: string; hoursBilled: number } },
  kind: 'gate' | 'routine' = 'gate',
): Transition {
  const ongoing = billsMonthly(state);
  const next = moveTo(state, ongoing ? 'development' : 'won', at, gate, kind);
  return {
    state: ongoing ? next : { ...next, closedReason: 'Fixed-price project delivered and billed' },
    summary: `Invoice ${gate.evidence.invoiceRef} sent (${gate.evidence.hoursBilled} h)${ongoing ? ': next month of Development' : ': Won'}`,
  };
}

const closeLeadSchema = z
  .object({
    outcome: z.enum(['lost', 'declined', 'won'], { message: "must be 'lost', 'declined' or 'won'" }),
    reason: requiredText(),
    by: requiredText(),
  })
  .strict();
export type CloseLeadRequest = z.input<typeof closeLeadSchema>;

/** Lost (they walked away) or Declined (we did) at any stage; Won once the client's engagement ends. */
export function closeLead(state: LifecycleState, request: unknown, now: Date): Transition {
  const { outcome, reason, by } = parseInput(closeLeadSchema, request, 'close request');
  if (isFinished(state.stage)) reject('outcome', `the lead is already ${STAGE_LABELS[state.stage]}`);
  const client = state.stage === 'development' || state.stage === 'billing';
  if (outcome === 'won' && !client) reject('outcome', 'only a client (Development or Billing) can end as Won');
  if (outcome === 'declined' && client) reject('outcome', 'a client is not declined: mark the engagement lost or won');
  const waiting = state.billing.pending.map((invoice) => invoice.invoiceId);
  if (waiting.length > 0) {
    reject(
      'outcome',
      `invoices still wait for review (${waiting.join(', ')}): approve each one first (one held for changes too, once corrected)`,
    );
  }
  const at = now.toISOString();
  const closed = moveTo(state, outcome, at, { by, evidence: { reason }, note: reason });
  return {
    state: {
      ...closed,
      closedReason: reason,
      followUps: closed.followUps.map((followUp) => ({ ...followUp, done: true })),
    },
    summary: `${STAGE_LABELS[outcome]}: ${reason}`,
  };
}
