import { randomUUID } from 'node:crypto';
import type { GateRequest } from '../../workflows/gates';
import type { LeadInput } from '../../workflows/lead';
import type { RubricScores } from '../../rules/rubric';

/** The handbook's Hedera University example: 24 points, High priority. */
export const hederaScores: RubricScores = {
  peopleProfile: 1,
  need: 1,
  budget: 2,
  contractType: 2,
  prestige: 2,
  marketNiche: 2,
  internalPositiveBias: 2,
};

/** The handbook's Affogato International example: 14 points by the rubric's own weights, Medium priority. */
export const affogatoScores: RubricScores = {
  peopleProfile: 2,
  need: 1,
  budget: 1,
  contractType: 1,
  prestige: 1,
  marketNiche: 0,
  internalPositiveBias: 1,
};

/** The handbook's Ms. Brown example: 4 points, Low priority. */
export const msBrownScores: RubricScores = {
  peopleProfile: 0,
  need: 0,
  budget: 0,
  contractType: 0,
  prestige: 0,
  marketNiche: 0,
  internalPositiveBias: 2,
};

/** A fresh lead per call, so workflow ids never collide between tests sharing a server, in any order. */
export function aLead(overrides: Partial<LeadInput> = {}): LeadInput {
  const unique = randomUUID().replace(/-/g, '').slice(0, 12);
  return {
    name: 'Jimmy Hedera',
    organisation: 'Hedera University',
    email: `jimmy.${unique}@hedera.example.edu`,
    mailingListLabel: 'hedera',
    source: 'referral',
    owner: 'bizdev@example.com',
    ...overrides,
  };
}

export const BY = 'bizdev@example.com';

/** The gates a fixed-price Hedera project passes, in order, to reach Billing. */
export const gatesToBilling: GateRequest[] = [
  { stage: 'prospect-qualification', by: BY, evidence: { scores: hederaScores, responsive: true } },
  {
    stage: 'assess-needs',
    by: BY,
    evidence: {
      challenges: 'Micro-degrees that integrate with the campus SSO and a partner showcase',
      valueProposition: 'We know Open edX inside out and upstream what we build',
      requirements: 'Micro-degree programmes, SAML SSO with the campus directory, a public partner showcase',
      decisionProcess: 'The provost signs off after the IT steering committee reviews the proposal',
      competitors: 'A hosted Moodle offer: cheaper, but no upstream contributions and no SSO expertise',
      scores: { ...hederaScores, peopleProfile: 2 },
    },
  },
  {
    stage: 'blueprint',
    by: 'dev@example.com',
    evidence: {
      blueprintUrl: 'https://docs.example.com/hedera-blueprint',
      estimatedHours: 320,
      discoveryDeveloper: 'dev@example.com',
    },
  },
  {
    stage: 'proposal',
    by: BY,
    evidence: {
      proposalUrl: 'https://proposals.example.com/hedera',
      pricing: { pricing: 'fixed', estimatedHours: 320, discoveryHours: 12, discoveryBilled: false },
    },
  },
  {
    stage: 'close',
    by: BY,
    evidence: {
      proposalAccepted: true,
      onboardingComplete: true,
      kickoffHeld: true,
      communicationSet: true,
      epicsScheduled: true,
      depositRequired: true,
      depositReceived: true,
      isNewClient: true,
      clientEpic: false,
    },
  },
  { stage: 'development', by: 'dev@example.com', evidence: { completed: 'project' } },
];
