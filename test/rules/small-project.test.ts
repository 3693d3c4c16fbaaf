import { MAX_SMALL_DISCOVERY_HOURS, MIN_SMALL_DEVELOPMENT_HOURS, planSmallProject } from '../../rules/small-project';
import { UNKNOWN_FIELD_MESSAGE } from '../../rules/validation';
import { rejectionOf } from './rejection';

describe('planSmallProject', () => {
  test('limits a small discovery to 5 billable hours and small development to no fewer than 10', () => {
    expect([MAX_SMALL_DISCOVERY_HOURS, MIN_SMALL_DEVELOPMENT_HOURS]).toEqual([5, 10]);
  });

  test.each([
    [{ option: 'discovery', discoveryHours: 0.5 }, 'discovery', 0.5],
    [{ option: 'discovery', discoveryHours: 5 }, 'discovery', 5],
    [{ option: 'development', developmentHours: 10 }, 'development', 10],
    [{ option: 'development', developmentHours: 24.5 }, 'development', 24.5],
  ])('accepts %j as %s billed for %d hours', (input, option, billableHours) => {
    expect(planSmallProject(input)).toEqual({
      option,
      billableHours,
      assignClientOwner: false,
      summary: expect.stringContaining(`${billableHours}`),
    });
  });

  test.each([
    [{ option: 'discovery', discoveryHours: 3 }, /discovery of up to 3 billable hours.*final estimate/],
    [{ option: 'development', developmentHours: 12 }, /up to 12 hours of development.*deliver/],
  ])('summarises %j as a one-off task assignment with no new client owner', (input, wording) => {
    const { summary } = planSmallProject(input);
    expect(summary).toMatch(wording);
    expect(summary).toMatch(/one-off task assignment, no new client owner/);
  });

  test.each<[string, unknown, string, string]>([
    [
      'a 5.5 hour discovery',
      { option: 'discovery', discoveryHours: 5.5 },
      'discoveryHours',
      'must be at most 5 billable hours',
    ],
    ['a 0 hour discovery', { option: 'discovery', discoveryHours: 0 }, 'discoveryHours', 'must be more than 0 hours'],
    [
      'a negative discovery',
      { option: 'discovery', discoveryHours: -1 },
      'discoveryHours',
      'must be more than 0 hours',
    ],
    ['a discovery with no hours', { option: 'discovery' }, 'discoveryHours', 'must be a number of hours'],
    [
      'discovery hours as text',
      { option: 'discovery', discoveryHours: '3' },
      'discoveryHours',
      'must be a number of hours',
    ],
    [
      '9.5 hours of development',
      { option: 'development', developmentHours: 9.5 },
      'developmentHours',
      'must be at least 10 hours',
    ],
    ['development with no hours', { option: 'development' }, 'developmentHours', 'must be a number of hours'],
    [
      'development hours given as discovery hours',
      { option: 'development', discoveryHours: 3, developmentHours: 12 },
      'discoveryHours',
      UNKNOWN_FIELD_MESSAGE,
    ],
    ['an unknown option', { option: 'retainer', hours: 20 }, 'option', "must be 'discovery' or 'development'"],
    ['no option', { discoveryHours: 3 }, 'option', "must be 'discovery' or 'development'"],
    ['no object at all', 5, 'small project', "must be 'discovery' or 'development'"],
  ])('rejects %s, naming the field', (_case, input, field, message) => {
    const error = rejectionOf(() => planSmallProject(input));
    expect(error.issues).toEqual([{ field, message }]);
    expect(error.message).toBe(`Invalid small project: ${field}: ${message}`);
  });
});
