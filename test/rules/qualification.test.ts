import { NURTURE_RECHECK_DAYS, qualify } from '../../rules/qualification';
import type { PriorityCategory } from '../../rules/rubric';

describe('qualify', () => {
  test('re-checks a nurtured lead after 90 days', () => {
    expect(NURTURE_RECHECK_DAYS).toBe(90);
  });

  test.each<[PriorityCategory, boolean, 'advance' | 'hold' | 'nurture']>([
    ['High', true, 'advance'],
    ['Medium', true, 'advance'],
    ['High', false, 'hold'],
    ['Medium', false, 'hold'],
    ['Low', true, 'nurture'],
    ['Low', false, 'nurture'],
  ])('a %s priority lead that is responsive=%s is to %s', (category, responsive, outcome) => {
    expect(qualify({ category, responsive }).outcome).toBe(outcome);
  });

  test.each<PriorityCategory>(['High', 'Medium'])(
    'an unresponsive %s lead is held with a reason to keep following up',
    (category) => {
      const decision = qualify({ category, responsive: false });
      expect(decision.reason).toContain(`${category} priority`);
      expect(decision.reason).toMatch(/not responsive/);
      expect(decision.reason).toMatch(/following up/);
    },
  );

  test.each([true, false])('a Low lead (responsive=%s) is nurtured with a re-check reminder', (responsive) => {
    expect(qualify({ category: 'Low', responsive })).toEqual({
      outcome: 'nurture',
      reason: expect.stringContaining('Low priority'),
      recheckAfterDays: NURTURE_RECHECK_DAYS,
    });
  });

  test.each<PriorityCategory>(['High', 'Medium'])('an advancing %s lead carries no re-check', (category) => {
    const decision = qualify({ category, responsive: true });
    expect(decision).not.toHaveProperty('recheckAfterDays');
    expect(decision.reason).toContain(`${category} priority and responsive`);
  });
});
