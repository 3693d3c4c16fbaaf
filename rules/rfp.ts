import type { BidSource } from './lead-source';
import type { PriorityCategory } from './rubric';

export type BidDecision =
  | { respond: false; reason: string }
  | { respond: true; discoveryBilling: 'on-acceptance' | 'not-billed'; needsReview: boolean; reason: string };

const BID_NAMES: Record<BidSource, string> = { rfp: 'an RFP', tender: 'a tender' };

/**
 * A bid needs discovery work up front that we cannot bill if we are not chosen, so only High priority leads get one,
 * and discovery is billed on acceptance of the terms.
 */
export function assessBid(input: {
  source: BidSource;
  category: PriorityCategory;
  government: boolean;
  lawForbidsDiscoveryBilling: boolean;
}): BidDecision {
  const { source, category, government, lawForbidsDiscoveryBilling } = input;
  const bid = BID_NAMES[source];
  if (category !== 'High') {
    return {
      respond: false,
      reason: `${category} priority: we respond to RFPs and tenders only for High priority leads, so we do not answer ${bid}; the organisation may go through our normal discovery process instead`,
    };
  }
  // The one narrow exception is a government's own tender law; private and non-profit entities cannot claim it.
  if (government && lawForbidsDiscoveryBilling) {
    return {
      respond: true,
      discoveryBilling: 'not-billed',
      needsReview: true,
      reason: `High priority government client whose tender law forbids billing discovery: we respond to ${bid} without billing discovery, and the Business Development Specialist must assess whether the risk of sinking time into it is worth the cost`,
    };
  }
  return {
    respond: true,
    discoveryBilling: 'on-acceptance',
    needsReview: false,
    reason: lawForbidsDiscoveryBilling
      ? `High priority: we respond to ${bid}; discovery is billed on acceptance of the terms, because only government clients may forgo discovery charges (private and non-profit entities may not)`
      : `High priority: we respond to ${bid}; discovery is billed on acceptance of the terms`,
  };
}
