import { z } from 'zod';
import { emailAddress, InvalidInputError, parseInput, requiredText } from '../rules/validation';
import type { FollowUp, LifecycleState } from './state';
import { addFollowUp, type Transition } from './transitions';
import { DAY_MS } from '../rules/durations';
import { checkFollowUpBounds } from './input-bounds';
import { followsRevision, INPUT_BOUNDS_REVISION } from './patches';
import { openFollowUps } from './open-follow-ups';

export { hasOverdueFollowUp, openFollowUps } from './open-follow-ups';

/** The handbook: "set the due date on the lead to a week in the future ... to get a reminder to follow-up". */
export const DEFAULT_FOLLOW_UP_DAYS = 7;

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO date-time, e.g. 2026-12-01T09:00:00Z' });

const followUpRequestSchema = z
  .object({
    reason: requiredText(),
    dueAt: isoDateTime.optional(),
    inDays: z.number().positive('must be more than 0 days').optional(),
    owner: emailAddress('must be a valid email address').optional(),
  })
  .strict()
  .refine((request) => (request.dueAt === undefined) !== (request.inDays === undefined), {
    message: 'give exactly one of dueAt or inDays',
    path: ['dueAt'],
  });

const rescheduleRequestSchema = z.object({ id: z.string().min(1, 'is required'), dueAt: isoDateTime }).strict();
const completeRequestSchema = z.object({ id: z.string().min(1, 'is required'), by: requiredText() }).strict();

/** Follow-ups go to the client owner once there is one, else to the lead's business developer. */
export function followUpOwner(state: LifecycleState): string | undefined {
  return state.clientOwner ?? state.lead.owner;
}

export function scheduleFollowUp(
  state: LifecycleState,
  request: unknown,
  now: Date,
): { state: LifecycleState; followUp: FollowUp } {
  const parsed = parseInput(followUpRequestSchema, request, 'follow-up');
  if (followsRevision(state, INPUT_BOUNDS_REVISION)) checkFollowUpBounds(parsed);
  const owner = parsed.owner ?? followUpOwner(state);
  if (!owner) {
    throw new InvalidInputError('Follow-up rejected', [
      { field: 'owner', message: 'is required: the lead has no owner or client owner to remind' },
    ]);
  }
  const dueAt = parsed.dueAt ? new Date(parsed.dueAt) : new Date(now.getTime() + (parsed.inDays ?? 0) * DAY_MS);
  if (Number.isNaN(dueAt.getTime())) {
    // Past a hundred million days there is no such date: refused by name rather than as a RangeError from toISOString.
    throw new InvalidInputError('Follow-up rejected', [{ field: 'inDays', message: 'is too far in the future' }]);
  }
  if (dueAt.getTime() <= now.getTime()) {
    throw new InvalidInputError('Follow-up rejected', [{ field: 'dueAt', message: 'must be in the future' }]);
  }
  const next = addFollowUp(state, { reason: parsed.reason, dueAt, owner }, now);
  return { state: next, followUp: next.followUps[next.followUps.length - 1] };
}

export function rescheduleFollowUp(
  state: LifecycleState,
  request: unknown,
  now: Date,
): { state: LifecycleState; followUp: FollowUp } {
  const parsed = parseInput(rescheduleRequestSchema, request, 'follow-up change');
  const existing = state.followUps.find((followUp) => followUp.id === parsed.id && !followUp.done);
  if (!existing) {
    throw new InvalidInputError('Reschedule rejected', [{ field: 'id', message: `no open follow-up '${parsed.id}'` }]);
  }
  if (Date.parse(parsed.dueAt) <= now.getTime()) {
    throw new InvalidInputError('Reschedule rejected', [{ field: 'dueAt', message: 'must be in the future' }]);
  }
  const followUp = { ...existing, dueAt: new Date(parsed.dueAt).toISOString() };
  return {
    state: {
      ...state,
      followUps: state.followUps.map((candidate) => (candidate.id === followUp.id ? followUp : candidate)),
    },
    followUp,
  };
}

/** No gate moved before the due date: the owner was reminded, and the follow-up rolls forward. */
export function remindAndRollForward(state: LifecycleState, id: string, days: number, now: Date): Transition {
  let summary = '';
  const followUps = state.followUps.map((followUp) => {
    if (followUp.id !== id) return followUp;
    // Keeps the cadence, but skips intervals already past: a worker down for weeks sends one reminder, not a burst.
    const interval = (followUp.repeatDays ?? days) * DAY_MS;
    const due = Date.parse(followUp.dueAt);
    const intervals = Math.max(1, Math.floor((now.getTime() - due) / interval) + 1);
    const dueAt = new Date(due + intervals * interval).toISOString();
    summary = `Reminded ${followUp.owner} about ${followUp.id}; next due ${dueAt}`;
    return { ...followUp, reminders: followUp.reminders + 1, dueAt };
  });
  return { state: { ...state, followUps }, summary };
}

/** Someone followed up: the follow-up closes and its reminders stop. */
export function completeFollowUp(state: LifecycleState, request: unknown): Transition & { followUp: FollowUp } {
  const parsed = parseInput(completeRequestSchema, request, 'follow-up done');
  const existing = state.followUps.find((followUp) => followUp.id === parsed.id && !followUp.done);
  if (!existing) {
    const open =
      openFollowUps(state)
        .map((followUp) => followUp.id)
        .join(', ') || 'none';
    throw new InvalidInputError('Follow-up not closed', [
      { field: 'id', message: `no open follow-up '${parsed.id}' (open: ${open})` },
    ]);
  }
  const followUp = { ...existing, done: true };
  return {
    state: {
      ...state,
      followUps: state.followUps.map((candidate) => (candidate.id === followUp.id ? followUp : candidate)),
    },
    summary: `Follow-up ${followUp.id} done (${parsed.by}): ${followUp.reason}`,
    followUp,
  };
}
