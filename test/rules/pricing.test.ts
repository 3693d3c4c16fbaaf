import {
  ESTIMATED_WORK_LABEL,
  priceProposal,
  proposalPricingSchema,
  UNBILLED_DISCOVERY_LABEL,
} from '../../rules/pricing';
import { rejectionOf } from './rejection';

describe('priceProposal, fixed price', () => {
  test.each([
    ['adds discovery not yet billed to the estimate', 120, 8, false, 128, [120, 8]],
    ['leaves out discovery already billed', 120, 8, true, 120, [120]],
    ['leaves out a zero-hour discovery line', 40, 0, false, 40, [40]],
    ['adds fractional hours without floating-point drift', 0.1, 0.2, false, 0.3, [0.1, 0.2]],
  ])('%s', (_case, estimatedHours, discoveryHours, discoveryBilled, totalHours, lineHours) => {
    const price = priceProposal({ pricing: 'fixed', estimatedHours, discoveryHours, discoveryBilled });
    expect(price).toEqual({
      pricing: 'fixed',
      totalHours,
      lines: lineHours.map((hours, index) => ({
        label: index === 0 ? ESTIMATED_WORK_LABEL : UNBILLED_DISCOVERY_LABEL,
        hours,
      })),
    });
  });
});

describe('priceProposal, iterative', () => {
  test.each([40, 12.5])('puts %d expected monthly hours in a monthly time bank, not a lump sum', (monthlyHours) => {
    expect(priceProposal({ pricing: 'iterative', monthlyHours })).toEqual({
      pricing: 'iterative',
      monthlyHoursBank: monthlyHours,
    });
  });
});

describe('priceProposal, invalid input', () => {
  test.each<[string, unknown, string[]]>([
    [
      'zero estimated hours',
      { pricing: 'fixed', estimatedHours: 0, discoveryHours: 0, discoveryBilled: true },
      ['estimatedHours'],
    ],
    [
      'negative discovery hours',
      { pricing: 'fixed', estimatedHours: 10, discoveryHours: -2, discoveryBilled: false },
      ['discoveryHours'],
    ],
    ['discovery billing left unsaid', { pricing: 'fixed', estimatedHours: 10, discoveryHours: 2 }, ['discoveryBilled']],
    ['every fixed-price figure missing', { pricing: 'fixed' }, ['estimatedHours', 'discoveryHours', 'discoveryBilled']],
    ['zero monthly hours', { pricing: 'iterative', monthlyHours: 0 }, ['monthlyHours']],
    [
      'a fixed-price field on an iterative proposal',
      { pricing: 'iterative', monthlyHours: 20, estimatedHours: 5 },
      ['estimatedHours'],
    ],
    ['an unknown pricing', { pricing: 'hourly', monthlyHours: 20 }, ['pricing']],
  ])('rejects %s, naming each bad field', (_case, input, fields) => {
    const error = rejectionOf(() => priceProposal(input));
    expect(error.issues.map((issue) => issue.field)).toEqual(fields);
    expect(error.message).toMatch(/^Invalid proposal pricing: /);
  });

  test('the schema names the accepted pricings', () => {
    expect(proposalPricingSchema().safeParse({ pricing: 'lump' }).error?.issues[0]?.message).toBe(
      "must be 'fixed' or 'iterative'",
    );
  });
});
