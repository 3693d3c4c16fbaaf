import type { PriorityCategory } from './rubric';

export type DiscoveryTerms = {
  charge: 'deferred-until-project-start' | 'paid-up-front';
  upfrontCharge: boolean;
  reason: string;
};

/** The rubric's stance decides who carries the cost of a technical discovery. */
export function discoveryTerms(category: PriorityCategory): DiscoveryTerms {
  if (category === 'High') {
    return {
      charge: 'deferred-until-project-start',
      upfrontCharge: false,
      reason:
        'High priority: we invest in the technical discovery at no up-front charge; its cost is deferred until they agree to start the project',
    };
  }
  return {
    charge: 'paid-up-front',
    upfrontCharge: true,
    reason: `${category} priority: we offer a paid technical discovery; they agree to pay for the time spent on it`,
  };
}
