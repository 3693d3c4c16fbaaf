import { currentSprint, reviewForHeadsUp, sprintStatusSections } from '../../rules/sprint-updates';
import { rejectionOf } from './rejection';

const calendar = { start: '2026-01-05', lengthDays: 14 };

describe('the sprint calendar', () => {
  test.each([
    ['the middle of a sprint', '2026-12-02T10:00:00Z', '2026-11-23', '2026-12-06'],
    ['its first day', '2026-11-23T00:00:00Z', '2026-11-23', '2026-12-06'],
    ['its last moment', '2026-12-06T23:59:59Z', '2026-11-23', '2026-12-06'],
  ])('%s', (_name, now, start, lastDay) => {
    expect(currentSprint(calendar, new Date(now))).toEqual({ start, lastDay, reviewOn: lastDay });
  });

  test.each([
    ["days ahead of the review: this sprint's", '2026-12-02T10:00:00Z', '2026-12-06'],
    ['the day before: still this one', '2026-12-05T10:00:00Z', '2026-12-06'],
    ["on the review day: the next sprint's", '2026-12-06T08:00:00Z', '2026-12-20'],
  ])('a staging heads-up %s', (_name, now, review) => {
    expect(reviewForHeadsUp(calendar, new Date(now))).toBe(review);
  });
});

describe('the sprint status list (handbook 003)', () => {
  test.each([
    [
      'waiting on the client first, then done, then planned',
      { planned: ['Bulk enrolment'], done: ['SSO login'], waitingOnClient: ['Logo files'] },
      [
        { heading: 'Waiting on you', items: ['Logo files'] },
        { heading: 'Done this sprint', items: ['SSO login'] },
        { heading: 'Planned for this sprint', items: ['Bulk enrolment'] },
      ],
    ],
    [
      'an empty section is left out, blank items too',
      { planned: ['Bulk enrolment', ' '], done: [], waitingOnClient: [] },
      [{ heading: 'Planned for this sprint', items: ['Bulk enrolment'] }],
    ],
  ])('%s', (_name, tickets, sections) => {
    expect(sprintStatusSections(tickets)).toEqual(sections);
  });

  test('nothing to say is refused, naming the field', () => {
    expect(rejectionOf(() => sprintStatusSections({ planned: [], done: [''], waitingOnClient: [] })).issues).toEqual([
      { field: 'tickets', message: 'name at least one ticket planned, done or waiting on the client' },
    ]);
  });
});
