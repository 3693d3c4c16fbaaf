import { HOUR_MS } from '../../rules/durations';
import { newClock } from '../../rules/support-sla';
import type { SupportRequestState } from '../../workflows/support-messages';
import {
  answerRequest,
  clientReplied,
  parseSupportRequest,
  resolveRequest,
  waitOnClient,
  type SupportRecord,
} from '../../workflows/support-request-state';
import { rejectionOf } from './rejection';

const receivedAt = Date.parse('2026-12-07T09:00:00Z');
const at = (hours: number) => new Date(receivedAt + hours * HOUR_MS);
const by = { by: 'tech@example.com' };

function open(overrides: Partial<SupportRequestState> = {}): SupportRecord {
  return {
    clock: newClock(receivedAt, 24),
    state: {
      requestId: 'r1',
      clientLabel: 'acme',
      trackerName: 'acme',
      channel: 'chat',
      level: 'L2',
      status: 'open',
      incident: false,
      receivedAt: at(0).toISOString(),
      slaHours: 24,
      slaBreached: false,
      deadline: at(24).toISOString(),
      events: [],
      ...overrides,
    },
  };
}

describe('what may happen to a support request', () => {
  test.each([
    ['answered while open', answerRequest, open(), 'answered', false],
    [
      'answered while waiting on the client: still waiting, but answered',
      answerRequest,
      waitOnClient(open(), by, at(1)),
      'waiting-on-client',
      false,
    ],
    ['waiting on the client stops the clock', waitOnClient, open(), 'waiting-on-client', true],
    ['the client replied: open again', clientReplied, waitOnClient(open(), by, at(1)), 'open', true],
    [
      'the client replied after our answer: answered',
      clientReplied,
      waitOnClient(answerRequest(open(), by, at(1)), by, at(2)),
      'answered',
      false,
    ],
    ['resolved', resolveRequest, open(), 'resolved', false],
  ] as const)('%s', (_name, transition, record, status, keepsClock) => {
    const next = transition(record, { ...by, note: 'noted' }, at(3));
    expect(next.state.status).toBe(status);
    expect(next.clock !== undefined).toBe(keepsClock);
    expect(next.state.events.at(-1)).toMatchObject({
      at: at(3).toISOString(),
      by: by.by,
      what: expect.stringContaining(': noted'),
    });
  });

  test('the first answer is recorded once, and resolving an unanswered request answers it', () => {
    const resolved = resolveRequest(open(), by, at(5));
    expect(resolved.state).toMatchObject({ answeredAt: at(5).toISOString(), resolvedAt: at(5).toISOString() });
    expect(resolved.state.deadline).toBeUndefined();
  });

  test.each([
    ['a second answer', answerRequest, answerRequest(open(), by, at(1)), 'request: the first answer was recorded at'],
    ['waiting twice', waitOnClient, waitOnClient(open(), by, at(1)), 'request: it already waits on the client'],
    ['a reply nobody waited for', clientReplied, open(), 'request: it is not waiting on the client'],
    ['anything after the resolution', answerRequest, resolveRequest(open(), by, at(1)), 'request: it was resolved at'],
  ] as const)('refused: %s', (_name, transition, record, message) => {
    expect(rejectionOf(() => transition(record, by, at(2))).message).toContain(message);
  });

  test('who did it must be an email address', () => {
    expect(rejectionOf(() => answerRequest(open(), { by: 'Tom' }, at(1))).issues).toEqual([
      { field: 'by', message: 'must be the email of who did it' },
    ]);
  });
});

describe('a new request', () => {
  test.each([
    ['an unknown field', { extra: 1 }, [{ field: 'extra', message: 'is not a known field' }]],
    [
      'a label with capitals',
      { clientLabel: 'Acme' },
      [{ field: 'clientLabel', message: 'must be the mailing-list label, e.g. acme' }],
    ],
    ['a level the handbook lacks', { level: 'L4' }, [{ field: 'level', message: 'must be one of L1, L2, L3' }]],
    [
      'a reporter who is not an address',
      { reportedBy: 'cs' },
      [{ field: 'reportedBy', message: 'must be a valid email address' }],
    ],
  ])('refused: %s', (_name, change, issues) => {
    const request = {
      requestId: 'r1',
      clientLabel: 'acme',
      clientName: 'Acme',
      channel: 'chat',
      text: 'help',
      level: 'L1',
      ...change,
    };
    expect(rejectionOf(() => parseSupportRequest(request)).issues).toEqual(issues);
  });

  test('incident and customer request default to no', () => {
    expect(
      parseSupportRequest({
        requestId: 'r1',
        clientLabel: 'acme',
        clientName: 'Acme',
        channel: 'chat',
        text: 'help',
        level: 'L1',
      }),
    ).toMatchObject({ incident: false, customerRequest: false });
  });
});
