/** The eight stages of the handbook's Customer Lifecycle, in order. */
export const STAGES = [
  'generating-leads',
  'prospect-qualification',
  'assess-needs',
  'blueprint',
  'proposal',
  'close',
  'development',
  'billing',
] as const;
export type Stage = (typeof STAGES)[number];

/** Where a lead can end up besides a stage: Won and Lost/Declined end the workflow, Nurture waits for a re-check. */
export const OUTCOMES = ['won', 'lost', 'declined', 'nurture'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type LifecycleStage = Stage | Outcome;
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = [...STAGES, ...OUTCOMES];

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  'generating-leads': 'Generating Leads',
  'prospect-qualification': 'Prospect Qualification',
  'assess-needs': 'Assess Needs',
  blueprint: 'Blueprint',
  proposal: 'Proposal',
  close: 'Close',
  development: 'Development',
  billing: 'Billing',
  won: 'Won',
  lost: 'Lost',
  declined: 'Declined',
  nurture: 'Nurture',
};

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

export function isFinished(stage: LifecycleStage): boolean {
  return stage === 'won' || stage === 'lost' || stage === 'declined';
}

/** Accepts a slug (`assess-needs`) or the handbook's label (`Assess Needs`), in any case. */
export function parseLifecycleStage(text: string): LifecycleStage | undefined {
  const wanted = text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return LIFECYCLE_STAGES.find((stage) => stage === wanted);
}
