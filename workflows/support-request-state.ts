import { z } from 'zod';
import { emailAddress, InvalidInputError, parseInput, requiredText } from '../rules/validation';
import { pauseClock, resumeClock, SUPPORT_CHANNELS, SUPPORT_LEVELS, type SlaClock } from '../rules/support-sla';
import type { SupportActionRequest, SupportRequestInput, SupportRequestState } from './support-messages';

const supportRequestSchema = z
  .object({
    requestId: requiredText().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or _'),
    clientLabel: requiredText().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be the mailing-list label, e.g. acme'),
    clientName: requiredText(),
    channel: z.enum(SUPPORT_CHANNELS, { error: `must be one of ${SUPPORT_CHANNELS.join(', ')}` }),
    text: requiredText(),
    level: z.enum(SUPPORT_LEVELS, { error: `must be one of ${SUPPORT_LEVELS.join(', ')}` }),
    incident: z.boolean({ error: 'must be true or false' }).default(false),
    customerRequest: z.boolean({ error: 'must be true or false' }).default(false),
    reportedBy: emailAddress('must be a valid email address').optional(),
  })
  .strict();

export type SupportRequest = z.output<typeof supportRequestSchema>;

/** Exported so the CLI and the intake refuse bad input before anything starts. */
export function parseSupportRequest(input: unknown): SupportRequest {
  return parseInput(supportRequestSchema, input, 'support request') satisfies SupportRequestInput;
}

const actionSchema = z
  .object({ by: emailAddress('must be the email of who did it'), note: requiredText().optional() })
  .strict();

/** The request's visible state and its SLA clock, which is gone once the first answer is in. */
export interface SupportRecord {
  state: SupportRequestState;
  clock?: SlaClock;
}

function assertOpen(state: SupportRequestState): void {
  if (state.status === 'resolved') {
    throw new InvalidInputError('Support request closed', [
      { field: 'request', message: `it was resolved at ${state.resolvedAt}` },
    ]);
  }
}

function event(what: string, by: string, note: string | undefined, now: Date) {
  return { at: now.toISOString(), what: note ? `${what}: ${note}` : what, by };
}

/** The first answer stops the SLA clock for good. */
export function answerRequest(record: SupportRecord, request: SupportActionRequest, now: Date): SupportRecord {
  const { by, note } = parseInput(actionSchema, request, 'answer');
  const { state } = record;
  assertOpen(state);
  if (state.answeredAt) {
    throw new InvalidInputError('Answer rejected', [
      { field: 'request', message: `the first answer was recorded at ${state.answeredAt}` },
    ]);
  }
  const { deadline: _deadline, ...rest } = state;
  return {
    state: {
      ...rest,
      status: state.status === 'waiting-on-client' ? 'waiting-on-client' : 'answered',
      answeredAt: now.toISOString(),
      events: [...state.events, event('answered', by, note, now)],
    },
  };
}

/** Handbook 004's "+" labels: nothing more from us until the client replies, so the SLA clock stops. */
export function waitOnClient(record: SupportRecord, request: SupportActionRequest, now: Date): SupportRecord {
  const { by, note } = parseInput(actionSchema, request, 'wait on client');
  const { state } = record;
  assertOpen(state);
  if (state.status === 'waiting-on-client') {
    throw new InvalidInputError('Already waiting', [{ field: 'request', message: 'it already waits on the client' }]);
  }
  const { deadline: _deadline, ...rest } = state;
  return {
    state: {
      ...rest,
      status: 'waiting-on-client',
      events: [...state.events, event('waiting on the client', by, note, now)],
    },
    ...(record.clock ? { clock: pauseClock(record.clock, now.getTime()) } : {}),
  };
}

/** The client replied: the clock runs again, with the time spent waiting on them given back. */
export function clientReplied(record: SupportRecord, request: SupportActionRequest, now: Date): SupportRecord {
  const { by, note } = parseInput(actionSchema, request, 'client reply');
  const { state } = record;
  assertOpen(state);
  if (state.status !== 'waiting-on-client') {
    throw new InvalidInputError('Not waiting', [{ field: 'request', message: 'it is not waiting on the client' }]);
  }
  return {
    state: {
      ...state,
      status: state.answeredAt ? 'answered' : 'open',
      events: [...state.events, event('the client replied', by, note, now)],
    },
    ...(record.clock ? { clock: resumeClock(record.clock, now.getTime()) } : {}),
  };
}

/** Resolving a request nobody had answered answers it too: the resolution is the answer. */
export function resolveRequest(record: SupportRecord, request: SupportActionRequest, now: Date): SupportRecord {
  const { by, note } = parseInput(actionSchema, request, 'resolution');
  const { state } = record;
  assertOpen(state);
  const { deadline: _deadline, ...rest } = state;
  return {
    state: {
      ...rest,
      status: 'resolved',
      answeredAt: state.answeredAt ?? now.toISOString(),
      resolvedAt: now.toISOString(),
      events: [...state.events, event('resolved', by, note, now)],
    },
  };
}
