import { discoveryTerms } from '../../rules/discovery';
import type { PriorityCategory } from '../../rules/rubric';

describe('discoveryTerms', () => {
  test.each<[PriorityCategory, 'deferred-until-project-start' | 'paid-up-front', boolean, RegExp]>([
    [
      'High',
      'deferred-until-project-start',
      false,
      /no up-front charge.*deferred until they agree to start the project/,
    ],
    ['Medium', 'paid-up-front', true, /^Medium priority: .*paid technical discovery/],
    ['Low', 'paid-up-front', true, /^Low priority: .*paid technical discovery/],
  ])('a %s priority lead gets a %s discovery (up-front charge: %s)', (category, charge, upfrontCharge, reason) => {
    const terms = discoveryTerms(category);
    expect(terms).toEqual({ charge, upfrontCharge, reason: expect.any(String) });
    expect(terms.reason).toMatch(reason);
  });
});
