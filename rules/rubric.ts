import { z } from 'zod';
import { InvalidInputError, parseInput } from './validation';

/** The handbook's Lead Prioritization Rubric, in its order: each factor scores 0, 1 or 2, times its weight. */
export const RUBRIC_FACTORS = [
  { key: 'peopleProfile', label: 'People profile', weight: 2 },
  { key: 'need', label: 'Need', weight: 2 },
  { key: 'budget', label: 'Budget', weight: 2 },
  { key: 'contractType', label: 'Contract type', weight: 1 },
  { key: 'prestige', label: 'Prestige', weight: 3 },
  { key: 'marketNiche', label: 'Market niche', weight: 2 },
  { key: 'internalPositiveBias', label: 'Internal positive bias', weight: 2 },
] as const;

export type RubricFactor = (typeof RUBRIC_FACTORS)[number]['key'];
export const FACTOR_SCORES = [0, 1, 2] as const;
export type FactorScore = (typeof FACTOR_SCORES)[number];
export type RubricScores = Record<RubricFactor, FactorScore>;
export type PriorityCategory = 'High' | 'Medium' | 'Low';

export const MAX_RUBRIC_SCORE = 28;
export const HIGH_PRIORITY_MIN = 20;
export const MEDIUM_PRIORITY_MIN = 10;

const factorScoreSchema = z.literal(FACTOR_SCORES, {
  error: (issue) => (issue.input === undefined ? 'is required: score it 0, 1 or 2' : 'must be 0, 1 or 2'),
});

const rubricShape = Object.fromEntries(RUBRIC_FACTORS.map(({ key }) => [key, factorScoreSchema])) as Record<
  RubricFactor,
  typeof factorScoreSchema
>;

/** Every factor must be scored: an unscored factor is a 0 someone has to say out loud, not a silent default. */
const scoresSchema = z.strictObject(rubricShape, {
  error: (issue) =>
    issue.code === 'unrecognized_keys' ? undefined : 'must be an object scoring every rubric factor 0, 1 or 2',
});

/** The schema itself stays private: modules the worker shares between runs must not export one (SHARED_WORKFLOW_MODULES, worker/create-worker.ts). */
export function rubricScoresSchema(): typeof scoresSchema {
  return scoresSchema;
}

export interface RubricResult {
  scores: RubricScores;
  total: number;
  maximum: number;
  category: PriorityCategory;
  breakdown: { factor: RubricFactor; label: string; score: FactorScore; weight: number; weighted: number }[];
}

export function scoreLead(input: unknown): RubricResult {
  const scores = parseInput(scoresSchema, input, 'rubric scores');
  const breakdown = RUBRIC_FACTORS.map(({ key, label, weight }) => ({
    factor: key,
    label,
    score: scores[key],
    weight,
    weighted: scores[key] * weight,
  }));
  const total = breakdown.reduce((sum, line) => sum + line.weighted, 0);
  return { scores, total, maximum: MAX_RUBRIC_SCORE, category: categoryFor(total), breakdown };
}

/** High 20-28, Medium 10-19, Low below 10. */
export function categoryFor(total: number): PriorityCategory {
  if (!Number.isInteger(total) || total < 0 || total > MAX_RUBRIC_SCORE) {
    // A total the rubric cannot produce means a caller computed it wrongly: guessing a category would hide that.
    throw new InvalidInputError('Invalid rubric total', [
      { field: 'total', message: `must be a whole number from 0 to ${MAX_RUBRIC_SCORE}` },
    ]);
  }
  if (total >= HIGH_PRIORITY_MIN) return 'High';
  if (total >= MEDIUM_PRIORITY_MIN) return 'Medium';
  return 'Low';
}

const CATEGORY_RANK: Record<PriorityCategory, number> = { Low: 0, Medium: 1, High: 2 };

/** Orders categories so a re-score can be compared with the last one. */
export function categoryRank(category: PriorityCategory): number {
  return CATEGORY_RANK[category];
}
