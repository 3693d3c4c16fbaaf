import fc from 'fast-check';
import { GATED_STAGES, isGatedStage, type GatedStage } from '../../workflows/gates';
import { LEAD_SOURCES } from '../../rules/lead-source';
import { RUBRIC_FACTORS } from '../../rules/rubric';
import { BY } from '../support/leads';
import { VALID_GATES } from './leads-in-stages';
import {
  blank,
  hugeString,
  malformed,
  PROTOTYPE_KEYS,
  type FieldSpec,
  type MalformedCase,
  type ObjectSpec,
} from './malformed';

/** What each schema in workflows/ accepts, field by field, as the fuzzer needs to know it. */
const score: FieldSpec = { kind: 'number', min: 0, max: 2, int: true };
const scores: FieldSpec = {
  kind: 'object',
  fields: Object.fromEntries(RUBRIC_FACTORS.map(({ key }) => [key, score])),
};

export const EVIDENCE_SPECS: Record<GatedStage, ObjectSpec> = {
  'prospect-qualification': {
    scores,
    responsive: { kind: 'boolean' },
    lawForbidsDiscoveryBilling: { kind: 'boolean', optional: true },
  },
  'assess-needs': {
    challenges: { kind: 'text' },
    valueProposition: { kind: 'text' },
    requirements: { kind: 'text' },
    decisionProcess: { kind: 'text' },
    competitors: { kind: 'text' },
    scores,
    discoveryPaymentAgreed: { kind: 'boolean', optional: true },
  },
  blueprint: {
    blueprintUrl: { kind: 'url' },
    estimatedHours: { kind: 'number', above: 0 },
    discoveryDeveloper: { kind: 'email' },
    discoveryHours: { kind: 'number', min: 0, optional: true },
  },
  proposal: {
    proposalUrl: { kind: 'url' },
    pricing: {
      kind: 'object',
      fields: {
        pricing: { kind: 'enum', values: ['fixed', 'iterative'] },
        estimatedHours: { kind: 'number', above: 0 },
        discoveryHours: { kind: 'number', min: 0 },
        discoveryBilled: { kind: 'boolean' },
      },
    },
  },
  close: {
    proposalAccepted: { kind: 'true' },
    onboardingComplete: { kind: 'true' },
    kickoffHeld: { kind: 'true' },
    communicationSet: { kind: 'true' },
    epicsScheduled: { kind: 'true' },
    depositRequired: { kind: 'boolean' },
    depositReceived: { kind: 'boolean', optional: true },
    isNewClient: { kind: 'boolean' },
    clientEpic: { kind: 'boolean', optional: true },
    maintenance: {
      kind: 'object',
      optional: true,
      fields: {
        users: { kind: 'number', min: 0, int: true, optional: true },
        deployment: { kind: 'enum', values: ['shared', 'dedicated', 'aws'], optional: true },
        instances: { kind: 'number', above: 0, int: true, optional: true },
        override: { kind: 'number', min: 1, max: 2, int: true, optional: true },
      },
    },
  },
  development: { completed: { kind: 'enum', values: ['project', 'month'] } },
  billing: { invoiceRef: { kind: 'text' }, hoursBilled: { kind: 'number', min: 0 } },
};

/** A stage name no gate answers to: random text, the handbook's labels, and keys every object has. */
const notAGatedStage = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...PROTOTYPE_KEYS, 'Assess Needs', 'generating-leads', 'won', 'nurture', 'ASSESS-NEEDS'),
    hugeString,
    blank,
  )
  .filter((stage) => !isGatedStage(stage));

/** A gate request for a lead in `stage` with one thing wrong: its evidence, its envelope, or its timing. */
export function malformedGate(stage: GatedStage): fc.Arbitrary<MalformedCase> {
  const valid = VALID_GATES[stage];
  const evidence = malformed(valid.evidence, EVIDENCE_SPECS[stage], { prefix: 'evidence.', root: 'evidence' }).map(
    (broken) => ({ ...broken, request: { ...valid, evidence: broken.request } }),
  );
  const envelope = fc.oneof(
    malformed(valid, { by: { kind: 'text' } }, { root: 'gate request', closed: false }),
    notAGatedStage.map((name) => ({
      request: { ...valid, stage: name },
      field: 'stage',
      mutation: 'wrong stage name',
    })),
    fc.constant({ request: { by: valid.by, evidence: valid.evidence }, field: 'stage', mutation: 'missing stage' }),
  );
  const outOfOrder = fc
    .constantFrom(...GATED_STAGES.filter((other) => other !== stage))
    .map((other) => ({ request: VALID_GATES[other], field: 'stage', mutation: `the ${other} gate out of order` }));
  return fc.oneof({ weight: 6, arbitrary: evidence }, { weight: 2, arbitrary: envelope }, outOfOrder);
}

export const CLOSE_SPEC: ObjectSpec = {
  outcome: { kind: 'enum', values: ['lost', 'declined', 'won'] },
  reason: { kind: 'text' },
  by: { kind: 'text' },
};
export const VALID_CLOSE = { outcome: 'lost', reason: 'Chose an in-house build', by: BY };

export const FOLLOW_UP_SPEC: ObjectSpec = {
  reason: { kind: 'text' },
  dueAt: { kind: 'iso', optional: true },
  // Beyond a hundred million days a date no longer exists: refused, naming the field (it was a RangeError).
  inDays: { kind: 'number', above: 0, max: 1e8, optional: true },
  owner: { kind: 'email', optional: true },
};
export const VALID_FOLLOW_UP = { reason: 'Check in after the intro call', inDays: 7 };

export const MEETING_SPEC: ObjectSpec = {
  title: { kind: 'text', oneLine: true },
  heldAt: { kind: 'iso', optional: true },
  by: { kind: 'email' },
  senderName: { kind: 'text', optional: true, oneLine: true },
  discussed: { kind: 'texts', optional: true },
  nextSteps: { kind: 'texts', min: 1 },
  epicOwner: { kind: 'email', optional: true },
  followUpInDays: { kind: 'number', above: 0, max: 365, optional: true },
};
export const VALID_MEETING = {
  title: 'Intro call',
  by: 'sam@example.com',
  senderName: 'Sam',
  discussed: ['Their SSO'],
  nextSteps: ['Send the requirements'],
};

export const INVOICE_REVIEW_SPEC: ObjectSpec = {
  invoiceId: { kind: 'text' },
  approved: { kind: 'boolean' },
  by: { kind: 'email' },
  note: { kind: 'string', optional: true },
};

export const LEAD_SPEC: ObjectSpec = {
  name: { kind: 'text', oneLine: true },
  organisation: { kind: 'text', oneLine: true },
  email: { kind: 'email' },
  mailingListLabel: { kind: 'label' },
  source: { kind: 'enum', values: LEAD_SOURCES },
  government: { kind: 'boolean', optional: true },
  notes: { kind: 'string', optional: true },
  owner: { kind: 'email', optional: true },
};

export const BOOKING_SPEC: ObjectSpec = {
  title: { kind: 'text', oneLine: true },
  startsAt: { kind: 'iso' },
  rescheduleSlots: { kind: 'texts', min: 2 },
  meetingLink: { kind: 'url', optional: true },
  agendaUrl: { kind: 'url', optional: true },
  ownerEmail: { kind: 'email', optional: true },
  ownerName: { kind: 'text', optional: true, oneLine: true },
};

/** A meeting a few days ahead, on the server's real clock (the dev server does not skip time). */
export function validBooking(now = Date.now()) {
  const daysAhead = (days: number) => new Date(now + days * 24 * 60 * 60 * 1000).toISOString();
  return {
    title: 'Discovery kickoff',
    startsAt: daysAhead(3),
    rescheduleSlots: [daysAhead(4), daysAhead(5)],
    meetingLink: 'https://meet.example.com/abc',
    ownerName: 'Sam',
  };
}

export const FOLLOW_UP_DONE_SPEC: ObjectSpec = { id: { kind: 'text' }, by: { kind: 'text' } };

export const HOURLY_MAINTENANCE_SPEC: ObjectSpec = {
  change: { kind: 'enum', values: ['tier', 'hourly'] },
  by: { kind: 'text' },
  reason: { kind: 'text' },
};
export const VALID_HOURLY_MAINTENANCE = {
  change: 'hourly',
  by: 'admin@example.com',
  reason: 'Too large for a contract',
};
