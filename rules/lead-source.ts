/** Where a lead came from: the handbook's sales vectors, plus Axim's Open edX marketing-site referrals. */
export const LEAD_SOURCES = [
  'website',
  'referral',
  'community',
  'conference',
  'rfp',
  'tender',
  'axim-referral',
  'existing-client',
] as const;

export type LeadSource = (typeof LEAD_SOURCES)[number];

/** RFPs (private companies) and tenders (public bodies) are calls for bids with their own rules. */
export const BID_SOURCES = ['rfp', 'tender'] as const;
export type BidSource = (typeof BID_SOURCES)[number];

export function isBidSource(source: string): source is BidSource {
  return (BID_SOURCES as readonly string[]).includes(source);
}
