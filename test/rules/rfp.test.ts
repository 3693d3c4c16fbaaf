import { assessBid } from '../../rules/rfp';
import type { PriorityCategory } from '../../rules/rubric';

type BidSource = 'rfp' | 'tender';

describe('assessBid', () => {
  const sources: BidSource[] = ['rfp', 'tender'];
  const notHigh: PriorityCategory[] = ['Medium', 'Low'];
  const anyClient = [
    { government: false, lawForbidsDiscoveryBilling: false },
    { government: true, lawForbidsDiscoveryBilling: false },
    { government: true, lawForbidsDiscoveryBilling: true },
    { government: false, lawForbidsDiscoveryBilling: true },
  ];

  test.each(
    sources.flatMap((source) =>
      notHigh.flatMap((category) => anyClient.map((client) => ({ source, category, ...client }))),
    ),
  )(
    'declines $source from a $category lead (government=$government, law forbids billing=$lawForbidsDiscoveryBilling)',
    (input) => {
      const decision = assessBid(input);
      expect(decision.respond).toBe(false);
      expect(decision.reason).toContain(`${input.category} priority`);
      expect(decision.reason).toMatch(/normal discovery process/);
    },
  );

  test.each<[string, BidSource, boolean, boolean]>([
    ['a private company RFP', 'rfp', false, false],
    ['a government tender', 'tender', true, false],
    ['a non-profit or private tender claiming a law against billing discovery', 'tender', false, true],
    ['a private RFP claiming a law against billing discovery', 'rfp', false, true],
  ])('answers %s from a High lead, billing discovery on acceptance of the terms', (_case, source, government, law) => {
    expect(assessBid({ source, category: 'High', government, lawForbidsDiscoveryBilling: law })).toEqual({
      respond: true,
      discoveryBilling: 'on-acceptance',
      needsReview: false,
      reason: expect.stringContaining('billed on acceptance'),
    });
  });

  test('tells a private or non-profit claimant why the government exception does not apply', () => {
    const decision = assessBid({
      source: 'tender',
      category: 'High',
      government: false,
      lawForbidsDiscoveryBilling: true,
    });
    expect(decision.reason).toMatch(/private and non-profit entities may not/);
  });

  test.each(sources)(
    'answers %s from a High government client whose law forbids billing discovery, unbilled and flagged for review',
    (source) => {
      const decision = assessBid({ source, category: 'High', government: true, lawForbidsDiscoveryBilling: true });
      expect(decision).toEqual({
        respond: true,
        discoveryBilling: 'not-billed',
        needsReview: true,
        reason: expect.stringContaining('Business Development Specialist must assess'),
      });
    },
  );
});
