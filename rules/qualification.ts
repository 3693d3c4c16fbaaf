import type { PriorityCategory } from './rubric';

/** A Low priority lead is pursued "if time allows or when factors improve": this is when to look again. */
export const NURTURE_RECHECK_DAYS = 90;

export type QualificationDecision =
  | { outcome: 'advance'; reason: string }
  | { outcome: 'hold'; reason: string }
  | { outcome: 'nurture'; reason: string; recheckAfterDays: number };

/** The Prospect Qualification gate: scored High or Medium, and responsive enough to be a serious prospect. */
export function qualify(input: { category: PriorityCategory; responsive: boolean }): QualificationDecision {
  const { category, responsive } = input;
  if (category === 'Low') {
    // Responsiveness does not lift a Low lead: the rubric score is what has to improve.
    return {
      outcome: 'nurture',
      reason: `Low priority: pursue if time allows or when factors improve; re-check in ${NURTURE_RECHECK_DAYS} days`,
      recheckAfterDays: NURTURE_RECHECK_DAYS,
    };
  }
  if (!responsive) {
    return {
      outcome: 'hold',
      reason: `${category} priority but the lead is not responsive yet: keep following up until they become a serious prospect`,
    };
  }
  return {
    outcome: 'advance',
    reason: `${category} priority and responsive: a serious prospect, on to Assess Needs`,
  };
}
