import { z } from 'zod';
import { proposalPricingSchema } from '../rules/pricing';
import { rubricScoresSchema } from '../rules/rubric';
import { smallProjectSchema } from '../rules/small-project';
import { emailAddress, requiredText, yesNo } from '../rules/validation';

/** A gate condition that a person confirms: anything but `true` is rejected with the handbook's wording. */
function confirmed(condition: string) {
  return z.literal(true, { message: `must be true: ${condition}` });
}

const text = requiredText();
const url = z.url({ message: 'must be a URL' });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');

/** Evidence each stage gate needs, following the handbook's "How does the opportunity advance" text. */
const evidenceSchemas = {
  'prospect-qualification': z
    .object({
      scores: rubricScoresSchema(),
      responsive: yesNo('is the lead responsive, a serious prospect?'),
      /** For government tenders only: the tender's law forbids billing discovery work. */
      lawForbidsDiscoveryBilling: z.boolean().default(false),
    })
    .strict(),
  'assess-needs': z
    .object({
      challenges: text,
      valueProposition: text,
      /** Required from rules revision 1, with the decision process and competitors: what 002 asks this stage to learn. */
      requirements: text.optional(),
      decisionProcess: text.optional(),
      competitors: text.optional(),
      scores: rubricScoresSchema(),
      /** A single feature: the option the client chose, known before the discovery is scheduled. */
      smallProject: smallProjectSchema().optional(),
      /** 001: "make sure to get them to agree to pay for the time spent on discovery" (when it is not deferred). */
      discoveryPaymentAgreed: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .strict(),
  blueprint: z
    .object({
      blueprintUrl: url,
      estimatedHours: z.number().positive('must be more than 0 hours'),
      discoveryDeveloper: emailAddress('must be the email of the developer who ran the discovery'),
      /** The discovery's billable hours: invoiced on their own when the discovery is paid or billed on acceptance. */
      discoveryHours: z.number({ error: 'must be a number of hours' }).nonnegative('cannot be negative').optional(),
      smallProject: smallProjectSchema().optional(),
    })
    .strict(),
  proposal: z
    .object({
      proposalUrl: url,
      pricing: proposalPricingSchema(),
    })
    .strict(),
  close: z
    .object({
      proposalAccepted: confirmed('the prospect accepts our proposal and becomes a client'),
      onboardingComplete: confirmed('all onboarding steps have been completed'),
      kickoffHeld: confirmed('the kickoff call is done'),
      communicationSet: confirmed('communication, budget tracking and project updates are set'),
      epicsScheduled: confirmed('epics and tasks are scheduled'),
      depositRequired: yesNo('does a deposit payment apply?'),
      depositReceived: z.boolean().default(false),
      isNewClient: yesNo('is this a new client?'),
      clientEpic: z.boolean().default(false),
      maintenance: z
        .object({
          users: z.number().int().nonnegative().optional(),
          deployment: z.enum(['shared', 'dedicated', 'aws']).optional(),
          instances: z.number().int().positive().optional(),
          override: z.union([z.literal(1), z.literal(2)]).optional(),
        })
        .strict()
        .optional(),
    })
    .strict()
    .refine((close) => !close.depositRequired || close.depositReceived, {
      message: 'must be true: the deposit payment has been received',
      path: ['depositReceived'],
    }),
  development: z.discriminatedUnion(
    'completed',
    [
      z.object({ completed: z.literal('project') }).strict(),
      z.object({ completed: z.literal('month'), month, hoursLogged: z.number().nonnegative() }).strict(),
    ],
    { message: "must be 'project' (fixed price finished) or 'month' (a month of hourly work)" },
  ),
  billing: z
    .object({
      invoiceRef: text,
      hoursBilled: z.number().nonnegative('cannot be negative'),
    })
    .strict(),
} as const;

export type GatedStage = keyof typeof evidenceSchemas;
export const GATED_STAGES = Object.keys(evidenceSchemas) as GatedStage[];
export type GateEvidence<S extends GatedStage> = z.output<(typeof evidenceSchemas)[S]>;
export type GateEvidenceInput<S extends GatedStage> = z.input<(typeof evidenceSchemas)[S]>;

/** The schemas themselves stay private: modules the worker shares between runs must not export one (SHARED_WORKFLOW_MODULES, worker/create-worker.ts). */
export function gateEvidenceSchema<S extends GatedStage>(stage: S): (typeof evidenceSchemas)[S] {
  return evidenceSchemas[stage];
}

/** Completing the gate out of `stage`: the stage named must be the one the lead is in. */
export type GateRequest = {
  [S in GatedStage]: { stage: S; by: string; evidence: GateEvidenceInput<S> };
}[GatedStage];

export function isGatedStage(value: unknown): value is GatedStage {
  // `in` would find `constructor` and `toString` on every object, and name a native function as the gate.
  return typeof value === 'string' && Object.hasOwn(evidenceSchemas, value);
}
