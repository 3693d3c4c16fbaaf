import { HOUR_MS } from '../../rules/durations';
import {
  escalationAfter,
  firstAnswerSlaHours,
  newClock,
  pauseClock,
  resumeClock,
  slaPosition,
  type SlaPolicy,
} from '../../rules/support-sla';
import { rejectionOf } from './rejection';

const policy: SlaPolicy = { byChannel: { email: 48 }, byClient: { acme: { chat: 8 } } };

describe('the first-answer SLA', () => {
  test.each([
    ['chat, handbook default', 'globex', 'chat', 24],
    ['email, configured for the channel', 'globex', 'email', 48],
    ['an issue, the 24-hour default the README chooses', 'globex', 'issue', 24],
    ["the client's own chat SLA", 'acme', 'chat', 8],
    ['the client set no email SLA: the channel default', 'acme', 'email', 48],
  ] as const)('%s', (_name, client, channel, hours) => {
    expect(firstAnswerSlaHours(policy, client, channel)).toBe(hours);
  });

  test('a window of no hours is refused, naming the field', () => {
    expect(rejectionOf(() => newClock(0, 0)).issues).toEqual([
      { field: 'slaHours', message: 'must be a number of hours above 0' },
    ]);
  });
});

describe('the SLA clock', () => {
  const start = Date.parse('2026-12-07T09:00:00Z');
  const clock = newClock(start, 24);
  const at = (hours: number) => start + hours * HOUR_MS;

  test.each([
    ['just received', clock, 0, 'before-reminder', 18, 24],
    ['three quarters gone: time to remind', clock, 18, 'before-deadline', 18, 24],
    ['at the deadline', clock, 24, 'breached', undefined, 24],
    ['5 hours of waiting on the client given back', { ...clock, pausedMs: 5 * HOUR_MS }, 25, 'before-deadline', 23, 29],
  ] as const)('%s', (_name, current, hours, phase, reminderHours, deadlineHours) => {
    const position = slaPosition(current, at(hours));
    expect(position.phase).toBe(phase);
    expect('deadline' in position && position.deadline).toBe(at(deadlineHours));
    if (reminderHours !== undefined) expect('reminderAt' in position && position.reminderAt).toBe(at(reminderHours));
  });

  test('stopped while waiting on the client, and the wait added to the window when they reply', () => {
    const paused = pauseClock(clock, at(10));
    expect(slaPosition(paused, at(40))).toEqual({ phase: 'paused' });
    expect(pauseClock(paused, at(12))).toBe(paused);
    const resumed = resumeClock(paused, at(40));
    expect(resumed).toEqual({ ...clock, pausedMs: 30 * HOUR_MS });
    expect(slaPosition(resumed, at(40))).toMatchObject({ phase: 'before-reminder', deadline: at(54) });
    expect(resumeClock(resumed, at(41))).toBe(resumed);
  });
});

describe('escalation', () => {
  test.each([
    ['L1', { kind: 'level', level: 'L2' }],
    ['L2', { kind: 'level', level: 'L3' }],
    ['L3', { kind: 'contact' }],
  ] as const)('past the deadline at %s', (level, next) => {
    expect(escalationAfter(level)).toEqual(next);
  });
});
