import type { Lead } from './lead';
import type { BidDecision } from '../rules/rfp';
import type { RubricResult } from '../rules/rubric';
import type { GreetingKind } from '../rules/greeting';
import type { MeetingOutcome } from './meeting-messages';
import type { LifecycleStage } from './stages';

/** One row of the stage history: what the `status` command prints and the Web UI's history mirrors. */
export interface StageRecord {
  stage: LifecycleStage;
  enteredAt: string;
  leftAt?: string;
  /** Who completed the gate out of this stage. */
  completedBy?: string;
  /** The evidence the gate was completed with, as validated. */
  evidence?: unknown;
  note?: string;
}

export interface FollowUp {
  id: string;
  reason: string;
  dueAt: string;
  owner: string;
  createdAt: string;
  reminders: number;
  done: boolean;
  /** How far the due date rolls after each reminder, when not the lead's usual follow-up interval. */
  repeatDays?: number;
  /**
   * Settled by the lead's next gate (a meeting's follow-up, a nurture re-check). A follow-up someone set by hand stays
   * open until it is marked done or the lead ends. Absent before rules revision 1, when every move settled every one.
   */
  settledByNextGate?: boolean;
}

export interface LeadNote {
  at: string;
  by: string;
  text: string;
  link?: string;
}

/** A signal that failed validation: kept so a fire-and-forget caller can see why nothing moved. */
export interface RejectedChange {
  at: string;
  change: string;
  reason: string;
}

/** A meeting reported done, and how its follow-through (summary email, recording to Drive) went. */
export interface MeetingRecord {
  id: string;
  title: string;
  heldAt: string;
  by: string;
  senderName?: string;
  epicOwner?: string;
  /** The tracker issue discussed, linked in the recap (handbook 004). */
  issueUrl?: string;
  discussed: string[];
  nextSteps: string[];
  summaryEmail: 'sending' | 'sent' | 'failed';
  recording?: { source: string; status: 'moving' | 'stored' | 'failed'; link?: string };
  followUpId: string;
}

/** Something that needs a person: a step that failed for good (bad credentials, a missing file). */
export interface LeadProblem {
  at: string;
  what: string;
  message: string;
}

/** A meeting booked ahead: its etiquette child workflow (48 h check, no-show handling) reports the outcome here. */
export interface ScheduledCall {
  id: string;
  title: string;
  startsAt: string;
  childWorkflowId: string;
  outcome?: MeetingOutcome;
}

export interface DiscoveryPlan {
  charge: 'deferred-until-project-start' | 'paid-up-front' | 'billed-on-acceptance' | 'not-billed';
  upfrontCharge: boolean;
  reason: string;
  /** The developer who ran the discovery: a new client's future client owner. */
  developer?: string;
  /** Who recorded the client's agreement to pay for the discovery, and when (Assess Needs gate). */
  paymentAgreed?: { by: string; at: string };
  /** Billable hours the discovery took, from the Blueprint gate. */
  hours?: number;
  /** An existing client's project: its client owner takes the discovery, or hands it to Discovery Duty. */
  assignTo?: 'client-owner' | 'discovery-duty';
  /** Who was given the discovery when the lead entered Blueprint, and the task that tracks it. */
  scheduled?: {
    assignee: string;
    via: 'discovery-duty' | 'next-sprint' | 'client-owner';
    dueDate: string;
    taskKey: string;
    taskUrl: string;
  };
}

export interface DealTerms {
  pricing: 'fixed' | 'iterative';
  totalHours?: number;
  monthlyHoursBank?: number;
  maintenance?: { tier: 1 | 2; hoursPerInstance: number; instances: number; monthlyHours: number; reasons: string[] };
  /** Too large or complex for a contract: maintenance is billed hourly from the month's work logs (001). */
  hourlyMaintenance?: boolean;
}

/** A lead's first contact (002), drafted on arrival and sent only once its owner approves it. */
export interface FirstContactGreeting {
  kind: GreetingKind;
  status: 'awaiting-approval' | 'sent' | 'skipped';
  draftedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  /** The owner's personal line in the greeting, or why it was skipped. */
  note?: string;
}

/** The whole lifecycle of one lead: returned by the `state` query, printed by the CLI, carried across continue-as-new. */
export interface LifecycleState {
  /** The rules this lead follows (workflows/patches.ts): a lead started before a change keeps the old ones. */
  rulesRevision?: number;
  lead: Lead;
  /** A new project for an existing client (workflows/projects.ts); absent for a lead's first engagement. */
  project?: { title: string; clientWorkflowId: string };
  stage: LifecycleStage;
  history: StageRecord[];
  rubric?: RubricResult;
  /** The score the lead qualified with: the Assess Needs gate needs it to hold or improve. */
  qualificationTotal?: number;
  bid?: BidDecision;
  discovery?: DiscoveryPlan;
  blueprintUrl?: string;
  estimatedHours?: number;
  smallProject?: { option: 'discovery' | 'development'; billableHours: number; summary: string };
  proposalUrl?: string;
  deal?: DealTerms;
  clientOwner?: string;
  clientEpic: boolean;
  billingCycles: number;
  billing: BillingState;
  /** Set when the current stage sat untouched past its idle limit; cleared by the next move. */
  idle?: { stage: LifecycleStage; flaggedAt: string; idleDays: number };
  followUps: FollowUp[];
  notes: LeadNote[];
  meetings: MeetingRecord[];
  calls: ScheduledCall[];
  /** The quarterly client-strategy Schedule, for clients with a client epic. */
  strategySchedule?: { scheduleId: string; status: 'active' | 'deleted' };
  /** Rules revision 4: the Schedule emailing an iterative client its sprint status every sprint (003). */
  sprintStatusSchedule?: { scheduleId: string; status: 'active' | 'deleted' };
  problems: LeadProblem[];
  rejected: RejectedChange[];
  /** Rules revision 2: absent for leads started before it, and for a new project of an existing client. */
  greeting?: FirstContactGreeting;
  closedReason?: string;
  /** Rules revision 5: records earlier runs made and did not carry over (workflows/carried-state.ts). */
  archived?: ArchivedRecords;
}

/**
 * How many records of each kind were left in earlier runs' histories. A meeting or a follow-up dropped here was
 * numbered: ids count on from these. Records whose items were partly kept are counted by the items dropped.
 */
export interface ArchivedRecords {
  history: number;
  meetings: number;
  followUps: number;
  notes: number;
  calls: number;
  problems: number;
  sentInvoices: number;
  gateBilled: number;
  /** The last run whose history holds records not carried; the runs before it hold the earlier ones. */
  throughRunId: string;
}

/** A cycle billed through the `billing` gate rather than a drafted invoice. */
export interface GateBilledPeriod {
  /** YYYY-MM, or 'final' for a fixed-price project. */
  period: string;
  invoiceRef: string;
  hoursBilled: number;
  at: string;
}

export interface PendingInvoice {
  invoiceId: string;
  period: string;
  lines: { label: string; hours: number }[];
  totalHours: number;
  overBudgetByHours: number;
  location: string;
  draftedAt: string;
  status: 'awaiting-review' | 'changes-requested';
  note?: string;
}

export interface SentInvoice {
  invoiceId: string;
  period: string;
  totalHours: number;
  sentAt: string;
  approvedBy: string;
}

export interface BillingState {
  /** When the next monthly run drafts the invoice for the month just ended; absent when nothing bills monthly. */
  nextRunAt?: string;
  pending: PendingInvoice[];
  sent: SentInvoice[];
  /** Cycles billed by the `billing` gate (rules revision 1 on). */
  byGate?: GateBilledPeriod[];
}
