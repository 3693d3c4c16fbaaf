import {
  classifySprintTickets,
  parseSprintStatusInput,
  sprintStatusEmailId,
  sprintStatusInterval,
  sprintStatusScheduleId,
  type TrackedTicket,
} from '../../rules/sprint-status';
import { currentSprint } from '../../rules/sprint-updates';
import { rejectionOf } from './rejection';

const sprint = { start: '2026-11-23', lastDay: '2026-12-06' };

function ticket(overrides: Partial<TrackedTicket>): TrackedTicket {
  return { key: 'OPS-1', summary: 'SSO login', labels: ['acme'], status: 'open', ...overrides };
}

describe("which of a client's tickets the sprint's status names", () => {
  test.each<[string, Partial<TrackedTicket>, 'planned' | 'done' | 'waitingOnClient' | 'left out']>([
    ['open, due inside the sprint: planned', { dueDate: '2026-12-01' }, 'planned'],
    ['open, due on its last day: planned', { dueDate: '2026-12-06' }, 'planned'],
    ['open and overdue from an earlier sprint: planned, it carries over', { dueDate: '2026-11-02' }, 'planned'],
    ['open, due in a later sprint: left out', { dueDate: '2026-12-07' }, 'left out'],
    ['open with no due date: left out, nobody planned it', {}, 'left out'],
    ['done during the sprint', { status: 'done', doneOn: '2026-11-30', dueDate: '2026-12-01' }, 'done'],
    ['done on its first day', { status: 'done', doneOn: '2026-11-23' }, 'done'],
    ['done in an earlier sprint: left out', { status: 'done', doneOn: '2026-11-22' }, 'left out'],
    ['done with no date: left out', { status: 'done' }, 'left out'],
    ['open with a "+" label: waiting on the client', { labels: ['acme', '+more-info-please'] }, 'waitingOnClient'],
    ['a "+" label beats a due date', { labels: ['+logo files'], dueDate: '2026-12-01' }, 'waitingOnClient'],
    ['done with a "+" label left on it: done', { labels: ['+x'], status: 'done', doneOn: '2026-12-06' }, 'done'],
    ['a "+" inside a label is not a "+" label', { labels: ['help+acme'], dueDate: '2026-12-01' }, 'planned'],
  ])('%s', (_name, overrides, heading) => {
    const classified = classifySprintTickets([ticket(overrides)], sprint);
    const where = (['planned', 'done', 'waitingOnClient'] as const).filter((key) => classified[key].length > 0);
    expect(where).toEqual(heading === 'left out' ? [] : [heading]);
  });

  test('each ticket appears by its summary, in the order the tracker gave them', () => {
    expect(
      classifySprintTickets(
        [
          ticket({ key: 'OPS-2', summary: 'Bulk enrolment', dueDate: '2026-12-03' }),
          ticket({ key: 'OPS-3', summary: 'Course export', status: 'done', doneOn: '2026-11-25' }),
          ticket({ key: 'OPS-4', summary: 'Your logo files', labels: ['+waiting'] }),
          ticket({ key: 'OPS-5', summary: 'Reports', dueDate: '2026-11-30' }),
        ],
        sprint,
      ),
    ).toEqual({
      planned: ['Bulk enrolment', 'Reports'],
      done: ['Course export'],
      waitingOnClient: ['Your logo files'],
    });
  });
});

describe("the schedule's timing", () => {
  test.each([
    ['two-week sprints from a Monday', { start: '2026-01-05', lengthDays: 14 }],
    ['one-week sprints', { start: '2026-01-05', lengthDays: 7 }],
    ['three-week sprints counted from a date before the epoch', { start: '1969-12-29', lengthDays: 21 }],
  ])('%s: every firing is the sprint review day, 09:00 UTC', (_name, calendar) => {
    const { everyMs, offsetMs } = sprintStatusInterval(calendar);
    expect(offsetMs).toBeGreaterThanOrEqual(0);
    expect(offsetMs).toBeLessThan(everyMs);
    // Three consecutive firings of a Temporal interval spec: epoch + offset + n × every.
    const base = Math.ceil((Date.parse('2026-12-01T00:00:00Z') - offsetMs) / everyMs) * everyMs + offsetMs;
    for (const firing of [base, base + everyMs, base + 2 * everyMs].map((ms) => new Date(ms))) {
      expect(firing.toISOString().slice(11)).toBe('09:00:00.000Z');
      expect(currentSprint(calendar, firing).lastDay).toBe(firing.toISOString().slice(0, 10));
    }
  });
});

describe('names', () => {
  test('one schedule per client, and one email per client and sprint', () => {
    expect(sprintStatusScheduleId('lead-ana@acme.example')).toBe('sprint-status-lead-ana@acme.example');
    expect(sprintStatusEmailId('acme', '2026-11-23')).toBe('sprint-status-email-acme-2026-11-23');
  });
});

describe("the schedule's input", () => {
  const valid = {
    leadWorkflowId: 'lead-ana@acme.example',
    clientName: 'Ana Silva',
    clientEmail: 'ana@acme.example',
    organisation: 'Acme Academy',
    mailingListLabel: 'acme',
    clientOwner: 'olga@example.com',
    sprint: { start: '2026-01-05', lengthDays: 14 },
  };

  test('is accepted whole', () => {
    expect(parseSprintStatusInput(valid)).toEqual(valid);
  });

  test.each([
    ['clientEmail', { clientEmail: 'not an address' }],
    ['clientOwner', { clientOwner: '' }],
    ['mailingListLabel', { mailingListLabel: 'Acme Academy' }],
    ['sprint.start', { sprint: { start: '5 January', lengthDays: 14 } }],
    ['sprint.lengthDays', { sprint: { start: '2026-01-05', lengthDays: 0 } }],
  ])('a bad %s is refused, naming it', (field, change) => {
    expect(rejectionOf(() => parseSprintStatusInput({ ...valid, ...change })).issues.map((i) => i.field)).toEqual([
      field,
    ]);
  });
});
