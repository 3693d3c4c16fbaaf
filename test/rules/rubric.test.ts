import {
  categoryFor,
  categoryRank,
  HIGH_PRIORITY_MIN,
  MAX_RUBRIC_SCORE,
  MEDIUM_PRIORITY_MIN,
  RUBRIC_FACTORS,
  rubricScoresSchema,
  scoreLead,
  type PriorityCategory,
  type RubricFactor,
  type RubricScores,
} from '../../rules/rubric';
import { affogatoScores, hederaScores, msBrownScores } from '../support/leads';
import { InvalidInputError, UNKNOWN_FIELD_MESSAGE } from '../../rules/validation';
import { rejectionOf } from './rejection';

const NOTHING: RubricScores = {
  peopleProfile: 0,
  need: 0,
  budget: 0,
  contractType: 0,
  prestige: 0,
  marketNiche: 0,
  internalPositiveBias: 0,
};

function scored(overrides: Partial<RubricScores>): RubricScores {
  return { ...NOTHING, ...overrides };
}

function scoringRejection(input: unknown): InvalidInputError {
  return rejectionOf(() => scoreLead(input));
}

const FACTOR_KEYS = RUBRIC_FACTORS.map((factor) => factor.key);

describe('the rubric factors', () => {
  test('are the handbook seven, in its order, with its labels and weights', () => {
    expect(RUBRIC_FACTORS.map(({ key, label, weight }) => [key, label, weight])).toEqual([
      ['peopleProfile', 'People profile', 2],
      ['need', 'Need', 2],
      ['budget', 'Budget', 2],
      ['contractType', 'Contract type', 1],
      ['prestige', 'Prestige', 3],
      ['marketNiche', 'Market niche', 2],
      ['internalPositiveBias', 'Internal positive bias', 2],
    ]);
  });

  test('top out at the maximum score: every factor at 2, times its weight', () => {
    expect(RUBRIC_FACTORS.reduce((sum, factor) => sum + 2 * factor.weight, 0)).toBe(MAX_RUBRIC_SCORE);
    expect(MAX_RUBRIC_SCORE).toBe(28);
  });

  test('bound the categories at 20 (High) and 10 (Medium), as the handbook ranges say', () => {
    expect([HIGH_PRIORITY_MIN, MEDIUM_PRIORITY_MIN]).toEqual([20, 10]);
  });
});

describe("the handbook's worked examples", () => {
  test.each<[string, RubricScores, number, PriorityCategory]>([
    ['Hedera University scores 24, High (as the handbook prints)', hederaScores, 24, 'High'],
    [
      'Affogato International scores 14, Medium (handbook prints 18: its lines weight Contract type x2 and still do not add up)',
      affogatoScores,
      14,
      'Medium',
    ],
    [
      'Ms. Brown scores 4, Low (handbook prints 2: it writes "1 * 2" for her Internal positive bias score of 2; Need is not scored, so 0)',
      msBrownScores,
      4,
      'Low',
    ],
  ])('%s', (_example, scores, total, category) => {
    const result = scoreLead(scores);
    expect(result.total).toBe(total);
    expect(result.category).toBe(category);
    expect(result.maximum).toBe(MAX_RUBRIC_SCORE);
    expect(result.scores).toEqual(scores);
  });

  test('the breakdown lists every factor in handbook order with its weighted score (Hedera University)', () => {
    const { breakdown } = scoreLead(hederaScores);
    expect(breakdown).toEqual([
      { factor: 'peopleProfile', label: 'People profile', score: 1, weight: 2, weighted: 2 },
      { factor: 'need', label: 'Need', score: 1, weight: 2, weighted: 2 },
      { factor: 'budget', label: 'Budget', score: 2, weight: 2, weighted: 4 },
      { factor: 'contractType', label: 'Contract type', score: 2, weight: 1, weighted: 2 },
      { factor: 'prestige', label: 'Prestige', score: 2, weight: 3, weighted: 6 },
      { factor: 'marketNiche', label: 'Market niche', score: 2, weight: 2, weighted: 4 },
      { factor: 'internalPositiveBias', label: 'Internal positive bias', score: 2, weight: 2, weighted: 4 },
    ]);
  });
});

describe('each factor counts with its own weight', () => {
  test.each(RUBRIC_FACTORS.flatMap(({ key, weight }) => [[key, 1, weight] as const, [key, 2, 2 * weight] as const]))(
    '%s scored %d alone totals %d',
    (factor, score, total) => {
      expect(scoreLead(scored({ [factor]: score })).total).toBe(total);
    },
  );
});

describe('category boundaries', () => {
  test.each<[number, Partial<RubricScores>, PriorityCategory]>([
    [0, {}, 'Low'],
    [9, { peopleProfile: 1, need: 1, budget: 1, prestige: 1 }, 'Low'],
    [10, { peopleProfile: 1, need: 1, budget: 1, prestige: 1, contractType: 1 }, 'Medium'],
    [
      19,
      { peopleProfile: 0, need: 1, budget: 2, contractType: 2, prestige: 1, marketNiche: 2, internalPositiveBias: 2 },
      'Medium',
    ],
    [
      20,
      { peopleProfile: 0, need: 0, budget: 2, contractType: 2, prestige: 2, marketNiche: 2, internalPositiveBias: 2 },
      'High',
    ],
    [
      28,
      { peopleProfile: 2, need: 2, budget: 2, contractType: 2, prestige: 2, marketNiche: 2, internalPositiveBias: 2 },
      'High',
    ],
  ])('a lead scoring %d is %s priority', (total, scores, category) => {
    const result = scoreLead(scored(scores));
    expect(result.total).toBe(total);
    expect(result.category).toBe(category);
  });

  test.each<[number, PriorityCategory]>([
    [0, 'Low'],
    [9, 'Low'],
    [10, 'Medium'],
    [19, 'Medium'],
    [20, 'High'],
    [28, 'High'],
  ])('categoryFor(%d) is %s', (total, category) => {
    expect(categoryFor(total)).toBe(category);
  });

  test.each([-1, 29, 9.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'categoryFor(%d) is rejected: the rubric cannot produce that total',
    (total) => {
      expect(() => categoryFor(total)).toThrow(InvalidInputError);
      expect(() => categoryFor(total)).toThrow('Invalid rubric total: total: must be a whole number from 0 to 28');
    },
  );
});

describe('categoryRank', () => {
  test.each<[PriorityCategory, number]>([
    ['Low', 0],
    ['Medium', 1],
    ['High', 2],
  ])('ranks %s as %d', (category, rank) => {
    expect(categoryRank(category)).toBe(rank);
  });
});

describe('invalid scores', () => {
  const badValues: [string, unknown, string][] = [
    ['3', 3, 'must be 0, 1 or 2'],
    ['-1', -1, 'must be 0, 1 or 2'],
    ['1.5', 1.5, 'must be 0, 1 or 2'],
    ["the string '2'", '2', 'must be 0, 1 or 2'],
    ['null', null, 'must be 0, 1 or 2'],
    ['missing', undefined, 'is required: score it 0, 1 or 2'],
  ];

  test.each(
    FACTOR_KEYS.flatMap((factor) =>
      badValues.map(([shown, value, message]): [RubricFactor, string, unknown, string] => [
        factor,
        shown,
        value,
        message,
      ]),
    ),
  )('%s scored %s is rejected, naming the factor', (factor, _shown, value, message) => {
    const scores: Record<string, unknown> = { ...NOTHING };
    if (value === undefined) delete scores[factor];
    else scores[factor] = value;
    const error = scoringRejection(scores);
    expect(error.issues).toEqual([{ field: factor, message }]);
    expect(error.message).toBe(`Invalid rubric scores: ${factor}: ${message}`);
  });

  test.each(['budgetScore', 'Prestige', 'score'])('an unknown key %s is rejected and named', (key) => {
    expect(scoringRejection({ ...NOTHING, [key]: 1 }).issues).toEqual([{ field: key, message: UNKNOWN_FIELD_MESSAGE }]);
  });

  test('every bad factor is named in a single error', () => {
    const error = scoringRejection({ ...NOTHING, prestige: 3, need: undefined, budget: '1', extra: 0 });
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(['budget', 'extra', 'need', 'prestige']);
  });

  test('an empty object names all seven factors as required', () => {
    expect(scoringRejection({}).issues).toEqual(
      FACTOR_KEYS.map((field) => ({ field, message: 'is required: score it 0, 1 or 2' })),
    );
  });

  test.each([
    ['nothing', undefined],
    ['a number', 24],
    ['a list of scores', [1, 1, 2, 2, 2, 2, 2]],
  ])('%s instead of an object of scores is rejected as the rubric scores themselves', (_case, input) => {
    expect(scoringRejection(input).issues).toEqual([
      { field: 'rubric scores', message: 'must be an object scoring every rubric factor 0, 1 or 2' },
    ]);
  });

  test('the schema on its own accepts exactly a full set of scores (as gates nest it)', () => {
    expect(rubricScoresSchema().safeParse(NOTHING).success).toBe(true);
    expect(rubricScoresSchema().safeParse(scored({ prestige: 2 })).data).toEqual(scored({ prestige: 2 }));
  });
});
