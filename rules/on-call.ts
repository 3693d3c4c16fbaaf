import { DAY_MS } from './durations';
import type { DutyMember } from './discovery-duty';
import type { SupportLevel } from './support-sla';

/** 1970-01-05, the first Monday after the epoch: on-call weeks run Monday 00:00 UTC to the next Monday. */
const FIRST_MONDAY_MS = 4 * DAY_MS;
const WEEK_MS = 7 * DAY_MS;

/** Whole weeks since the first Monday: the rotation's position needs no stored state, unlike Discovery Duty's. */
export function onCallWeekNumber(at: number): number {
  return Math.floor((at - FIRST_MONDAY_MS) / WEEK_MS);
}

/** The Monday (YYYY-MM-DD) the on-call week holding `at` starts on, and the Monday it ends on. */
export function onCallWeek(at: number): { start: string; end: string; startMs: number; endMs: number } {
  const startMs = FIRST_MONDAY_MS + onCallWeekNumber(at) * WEEK_MS;
  const endMs = startMs + WEEK_MS;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { start: day(startMs), end: day(endMs), startMs, endMs };
}

/**
 * A weekly rotation, like Discovery Duty's: week n is member n (mod the rotation), and someone away is skipped for
 * the next one in line. Undefined when the rotation is empty or everyone is away.
 */
export function onCallEngineer(rotation: readonly DutyMember[], at: number): string | undefined {
  if (rotation.length === 0) return undefined;
  const week = onCallWeekNumber(at);
  for (let step = 0; step < rotation.length; step++) {
    const member = rotation[(((week + step) % rotation.length) + rotation.length) % rotation.length];
    if (member.available) return member.email;
  }
  return undefined;
}

export type OnCallRotations = Record<SupportLevel, DutyMember[]>;

/**
 * Who answers for `level` in the week of `at`. A level with nobody available falls back to the level below it
 * (an L3 request still reaches the L2 technician, as the handbook's L3 row involves both), and then to the
 * fallback (the escalation contact), so a request is never left without a name.
 */
export function onCallFor(rotations: OnCallRotations, level: SupportLevel, at: number, fallback: string): string {
  const order: SupportLevel[] = level === 'L3' ? ['L3', 'L2', 'L1'] : level === 'L2' ? ['L2', 'L1'] : ['L1'];
  for (const candidate of order) {
    const engineer = onCallEngineer(rotations[candidate], at);
    if (engineer) return engineer;
  }
  return fallback;
}
