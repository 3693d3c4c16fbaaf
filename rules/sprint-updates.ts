import { DAY_MS } from './durations';
import { nextSprintStart } from './discovery-duty';
import { InvalidInputError } from './validation';

/** The sprint holding `now`, from the sprint calendar (any known start and the length): its first and last day. */
export function currentSprint(
  calendar: { start: string; lengthDays: number },
  now: Date,
): { start: string; lastDay: string; reviewOn: string } {
  const next = nextSprintStart(calendar.start, calendar.lengthDays, now);
  const nextMs = Date.parse(`${next}T00:00:00Z`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  // The review closes the sprint: its last day.
  return {
    start: day(nextMs - calendar.lengthDays * DAY_MS),
    lastDay: day(nextMs - DAY_MS),
    reviewOn: day(nextMs - DAY_MS),
  };
}

export interface SprintTickets {
  planned: string[];
  done: string[];
  waitingOnClient: string[];
}

export interface StatusSection {
  heading: string;
  items: string[];
}

/**
 * Handbook 003: for a less technical client, "consistent updates in other formats, even something as simple as a
 * bulleted list". What waits on them comes first, since it is the one thing they must act on ("If you need
 * something from a client, just ask"); empty sections are left out, and an update with nothing in it is refused.
 */
export function sprintStatusSections(tickets: SprintTickets): StatusSection[] {
  const clean = (items: string[]) => items.map((item) => item.trim()).filter(Boolean);
  const sections: StatusSection[] = [
    { heading: 'Waiting on you', items: clean(tickets.waitingOnClient) },
    { heading: 'Done this sprint', items: clean(tickets.done) },
    { heading: 'Planned for this sprint', items: clean(tickets.planned) },
  ].filter((section) => section.items.length > 0);
  if (sections.length === 0) {
    throw new InvalidInputError('Invalid sprint update', [
      { field: 'tickets', message: 'name at least one ticket planned, done or waiting on the client' },
    ]);
  }
  return sections;
}

/**
 * Handbook 003: "let clients know when features are ready for review on staging, in advance of the sprint review".
 * A heads-up sent on the review day itself gives them no time, so it points to the next sprint's review instead.
 */
export function reviewForHeadsUp(calendar: { start: string; lengthDays: number }, now: Date): string {
  const sprint = currentSprint(calendar, now);
  const today = now.toISOString().slice(0, 10);
  if (today < sprint.reviewOn) return sprint.reviewOn;
  return currentSprint(calendar, new Date(now.getTime() + calendar.lengthDays * DAY_MS)).reviewOn;
}
