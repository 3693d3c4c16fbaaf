import { HOUR_MS } from './durations';
import { InvalidInputError } from './validation';

/**
 * Handbook 004's support levels: L1 help desk (Customer Success), L2 in-depth technical support (with the L2 on-call
 * technician), L3 expert support (with the L2 and L3 on-call technicians).
 */
export const SUPPORT_LEVELS = ['L1', 'L2', 'L3'] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];

/** Where a request came in: a chat message (Slack), an email, or an issue the client opened in the tracker. */
export const SUPPORT_CHANNELS = ['chat', 'email', 'issue'] as const;
export type SupportChannel = (typeof SUPPORT_CHANNELS)[number];

/**
 * Handbook 004: "Slack messages have a 24 hour SLA". It names no other channel; email and tracker issues get the
 * same 24 hours until configured otherwise (SUPPORT_SLA_HOURS), a choice the README records.
 */
export const DEFAULT_SLA_HOURS: Record<SupportChannel, number> = { chat: 24, email: 24, issue: 24 };

/** A client's own agreement overrides the channel default, channel by channel. */
export interface SlaPolicy {
  byChannel: Partial<Record<SupportChannel, number>>;
  byClient: Record<string, Partial<Record<SupportChannel, number>>>;
}

export function firstAnswerSlaHours(policy: SlaPolicy, clientLabel: string, channel: SupportChannel): number {
  return policy.byClient[clientLabel]?.[channel] ?? policy.byChannel[channel] ?? DEFAULT_SLA_HOURS[channel];
}

/**
 * The on-call engineer is reminded when three quarters of the window have passed (6 hours before a 24-hour
 * deadline): the handbook asks for a reminder "before the deadline" without saying how long before.
 */
export const REMINDER_AT_SHARE = 0.75;

/**
 * The SLA clock of the level now holding a request. It runs from `startedAt` (arrival, or the last escalation),
 * stops while we wait on the client (the handbook's "+" labels: "no further action is needed from the team"), and
 * `pausedMs` is the waiting already finished.
 */
export interface SlaClock {
  startedAt: number;
  windowMs: number;
  pausedMs: number;
  /** Set while waiting on the client. */
  pausedSince?: number;
}

export type SlaPosition =
  | { phase: 'paused' }
  | { phase: 'before-reminder'; reminderAt: number; deadline: number }
  | { phase: 'before-deadline'; reminderAt: number; deadline: number }
  | { phase: 'breached'; deadline: number };

/** Where the clock stands at `now`: what the workflow waits for next. */
export function slaPosition(clock: SlaClock, now: number): SlaPosition {
  if (clock.pausedSince !== undefined) return { phase: 'paused' };
  const deadline = clock.startedAt + clock.pausedMs + clock.windowMs;
  const reminderAt = clock.startedAt + clock.pausedMs + Math.round(clock.windowMs * REMINDER_AT_SHARE);
  if (now >= deadline) return { phase: 'breached', deadline };
  if (now < reminderAt) return { phase: 'before-reminder', reminderAt, deadline };
  return { phase: 'before-deadline', reminderAt, deadline };
}

/** Waiting on the client stops the clock; waiting twice in a row changes nothing. */
export function pauseClock(clock: SlaClock, now: number): SlaClock {
  return clock.pausedSince === undefined ? { ...clock, pausedSince: now } : clock;
}

/** The client answered: the time spent waiting on them is added back to the window. */
export function resumeClock(clock: SlaClock, now: number): SlaClock {
  if (clock.pausedSince === undefined) return clock;
  const { pausedSince, ...running } = clock;
  return { ...running, pausedMs: clock.pausedMs + Math.max(0, now - pausedSince) };
}

export function newClock(startedAt: number, slaHours: number): SlaClock {
  if (!Number.isFinite(slaHours) || slaHours <= 0) {
    throw new InvalidInputError('Invalid SLA', [{ field: 'slaHours', message: 'must be a number of hours above 0' }]);
  }
  return { startedAt, windowMs: Math.round(slaHours * HOUR_MS), pausedMs: 0 };
}

/**
 * Past the deadline the request goes to the next level's on-call, with a fresh window of the same length: L1 to
 * L2, L2 to L3. L3 has no level above it; its breach goes to the escalation contact (the Business Development
 * Specialist unless configured), once, and the request stays at L3.
 */
export function escalationAfter(level: SupportLevel): { kind: 'level'; level: SupportLevel } | { kind: 'contact' } {
  if (level === 'L1') return { kind: 'level', level: 'L2' };
  if (level === 'L2') return { kind: 'level', level: 'L3' };
  return { kind: 'contact' };
}
