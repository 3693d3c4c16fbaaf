import { assignDiscovery, nextSprintStart, type DutyMember } from '../../rules/discovery-duty';

const sprint = { start: '2026-01-05', lengthDays: 14 };
const now = new Date('2026-11-24T10:00:00Z');
const ana: DutyMember = { email: 'ana@example.com', available: true };
const ben: DutyMember = { email: 'ben@example.com', available: true };
const cy: DutyMember = { email: 'cy@example.com', available: true };
const away = (member: DutyMember): DutyMember => ({ ...member, available: false });

describe('the Discovery Duty rotation', () => {
  test.each([
    ['the next person in line takes it', [ana, ben, cy], 0, 'ana@example.com', 1],
    ['round robin continues where it stopped', [ana, ben, cy], 1, 'ben@example.com', 2],
    ['wraps around after the last person', [ana, ben, cy], 3, 'ana@example.com', 1],
    ['skips someone who is away', [ana, away(ben), cy], 1, 'cy@example.com', 3],
    ['skips around the end of the list', [ana, ben, away(cy)], 2, 'ana@example.com', 1],
  ])('%s', (_name, rotation, nextIndex, assignee, continuesAt) => {
    expect(assignDiscovery({ rotation, nextIndex, now, sprint })).toEqual({
      assignment: { kind: 'discovery-duty', assignee },
      nextIndex: continuesAt,
    });
  });

  test.each([
    ['nobody is on the rotation', []],
    ['everyone is away', [away(ana), away(ben)]],
  ])('when %s, the discovery goes into the next sprint', (_name, rotation) => {
    expect(assignDiscovery({ rotation, nextIndex: 1, now, sprint })).toEqual({
      assignment: { kind: 'next-sprint', sprintStart: '2026-12-07' },
      nextIndex: 1,
    });
  });
});

describe('the next sprint start', () => {
  test.each([
    ['in the middle of a sprint', '2026-11-24T10:00:00Z', '2026-12-07'],
    ['on the first day of a sprint: the next one', '2026-11-23T00:00:00Z', '2026-12-07'],
    ['the last moment of a sprint', '2026-12-06T23:59:59Z', '2026-12-07'],
    ['before the known start', '2025-12-30T00:00:00Z', '2026-01-05'],
  ])('%s', (_name, at, expected) => {
    expect(nextSprintStart('2026-01-05', 14, new Date(at))).toBe(expected);
  });

  test.each([
    ['2026-13-45', 14, 'sprint.start'],
    ['5 Jan', 14, 'sprint.start'],
    ['2026-01-05', 0, 'sprint.lengthDays'],
    ['2026-01-05', 1.5, 'sprint.lengthDays'],
  ])('rejects start %s and length %s, naming %s', (start, length, field) => {
    expect(() => nextSprintStart(start, length, now)).toThrow(field);
  });
});
