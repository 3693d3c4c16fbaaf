/** Who does discoveries (the Discovery Duty rotation, and who is away) and the sprints they are planned into. */
import { z } from 'zod';
import type { ConfigProblem } from '../../common/config-error';
import { commaList, EMAIL, optional, splitList, whole, type RawVariables } from '../../common/env-schema';
import type { DutyMember } from '../../rules/discovery-duty';

export interface DiscoveryConfig {
  /** In rotation order, unavailable members included (marked), so the rotation position stays stable. */
  discoveryDuty: DutyMember[];
  sprint: { lengthDays: number; start: string };
}

export const DISCOVERY_VARIABLES = [
  'DISCOVERY_DUTY',
  'DISCOVERY_UNAVAILABLE',
  'SPRINT_LENGTH_DAYS',
  'SPRINT_START',
] as const;

const emailList = commaList((item) => EMAIL.test(item), 'must be a comma-separated list of email addresses');

export const discoveryShape = {
  DISCOVERY_DUTY: optional(emailList),
  DISCOVERY_UNAVAILABLE: optional(emailList),
  SPRINT_LENGTH_DAYS: optional(whole(1, 56)),
  SPRINT_START: optional(z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD')),
};

export function discoveryProblems(raw: RawVariables<(typeof DISCOVERY_VARIABLES)[number]>): ConfigProblem[] {
  if (raw.DISCOVERY_UNAVAILABLE === undefined) return [];
  const rotation = splitList(raw.DISCOVERY_DUTY);
  const strangers = splitList(raw.DISCOVERY_UNAVAILABLE).filter((member) => !rotation.includes(member));
  if (strangers.length === 0) return [];
  return [
    {
      variable: 'DISCOVERY_UNAVAILABLE',
      problem: `lists ${strangers.length} address(es) that are not in DISCOVERY_DUTY`,
    },
  ];
}

export function discoveryConfigFrom(parsed: z.infer<z.ZodObject<typeof discoveryShape>>): DiscoveryConfig {
  const unavailable = new Set(parsed.DISCOVERY_UNAVAILABLE ?? []);
  return {
    discoveryDuty: [...new Set(parsed.DISCOVERY_DUTY ?? [])].map((member) => ({
      email: member,
      available: !unavailable.has(member),
    })),
    sprint: { lengthDays: parsed.SPRINT_LENGTH_DAYS ?? 14, start: parsed.SPRINT_START ?? '2026-01-05' },
  };
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
