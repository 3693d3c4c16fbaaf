import { DAY_MS } from '../../rules/durations';
import type { DutyMember } from '../../rules/discovery-duty';
import { onCallEngineer, onCallFor, onCallWeek, type OnCallRotations } from '../../rules/on-call';

const ana: DutyMember = { email: 'ana@example.com', available: true };
const ben: DutyMember = { email: 'ben@example.com', available: true };
const cy: DutyMember = { email: 'cy@example.com', available: true };
const away = (member: DutyMember): DutyMember => ({ ...member, available: false });
/** A Monday; the weeks after it are numbered from it in these tables. */
const monday = Date.parse('2026-12-07T00:00:00Z');
const week = (n: number) => monday + n * 7 * DAY_MS + DAY_MS;

describe('the on-call week', () => {
  test.each([
    ['a Wednesday', '2026-12-09T15:00:00Z', '2026-12-07', '2026-12-14'],
    ['Monday at midnight starts the week', '2026-12-07T00:00:00Z', '2026-12-07', '2026-12-14'],
    ['Sunday night ends it', '2026-12-13T23:59:59Z', '2026-12-07', '2026-12-14'],
    ['across a year', '2027-01-01T12:00:00Z', '2026-12-28', '2027-01-04'],
  ])('%s', (_name, at, start, end) => {
    expect(onCallWeek(Date.parse(at))).toMatchObject({ start, end });
  });
});

describe('the weekly on-call rotation', () => {
  const whoeverIsOnCallFirst = onCallEngineer([ana, ben, cy], week(0));
  const order = [ana, ben, cy].map((member) => member.email);
  const first = order.indexOf(whoeverIsOnCallFirst ?? '');

  test.each([
    ['the next week is the next person', [ana, ben, cy], 1, 1],
    ['and the one after that', [ana, ben, cy], 2, 2],
    ['wraps around after the last person', [ana, ben, cy], 3, 0],
  ])('%s', (_name, rotation, weeksLater, step) => {
    expect(onCallEngineer(rotation, week(weeksLater))).toBe(order[(first + step) % 3]);
  });

  test('someone away is skipped for the next in line, and takes their turn again when back', () => {
    const awayWeek = week(1);
    const expected = order[(first + 1) % 3];
    const rotation = [ana, ben, cy].map((member) => (member.email === expected ? away(member) : member));
    expect(onCallEngineer(rotation, awayWeek)).toBe(order[(first + 2) % 3]);
    expect(onCallEngineer([ana, ben, cy], awayWeek)).toBe(expected);
  });

  test.each([
    ['nobody on the rotation', []],
    ['everyone away', [away(ana), away(ben)]],
  ])('%s: nobody', (_name, rotation) => {
    expect(onCallEngineer(rotation, week(0))).toBeUndefined();
  });

  const rotations = (l1: DutyMember[], l2: DutyMember[], l3: DutyMember[]): OnCallRotations => ({
    L1: l1,
    L2: l2,
    L3: l3,
  });
  test.each([
    ['L3 on-call for L3', rotations([ana], [ben], [cy]), 'L3', 'cy@example.com'],
    [
      'L3 away: the L2 technician (the handbook involves both)',
      rotations([ana], [ben], [away(cy)]),
      'L3',
      'ben@example.com',
    ],
    ['no L2 rotation: Customer Success', rotations([ana], [], []), 'L2', 'ana@example.com'],
    ['nobody at all: the escalation contact', rotations([], [], []), 'L1', 'bizdev@example.com'],
    ['L1 never goes up to L2 people', rotations([away(ana)], [ben], [cy]), 'L1', 'bizdev@example.com'],
  ] as const)('%s', (_name, configured, level, engineer) => {
    expect(onCallFor(configured, level, week(0), 'bizdev@example.com')).toBe(engineer);
  });
});
