import { isBidSource, LEAD_SOURCES } from '../../rules/lead-source';

describe('lead sources', () => {
  test('are the eight ways a lead reaches us', () => {
    expect(LEAD_SOURCES).toEqual([
      'website',
      'referral',
      'community',
      'conference',
      'rfp',
      'tender',
      'axim-referral',
      'existing-client',
    ]);
  });

  test.each([
    ['rfp', true],
    ['tender', true],
    ['website', false],
    ['referral', false],
    ['community', false],
    ['conference', false],
    ['axim-referral', false],
    ['existing-client', false],
    ['RFP', false],
    ['', false],
  ])('isBidSource(%j) is %s', (source, bid) => {
    expect(isBidSource(source)).toBe(bid);
  });
});
