import { InvalidInputError } from './validation';
import { DAY_MS } from './durations';

export interface DutyMember {
  email: string;
  available: boolean;
}

export type DiscoveryAssignment =
  | { kind: 'discovery-duty'; assignee: string }
  /** Nobody on Discovery Duty is free: the discovery becomes a task in the next sprint. */
  | { kind: 'next-sprint'; sprintStart: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Round robin over the Discovery Duty rotation, starting at `nextIndex` and skipping whoever is unavailable.
 * Returns the assignment and where the rotation continues next time.
 */
export function assignDiscovery(input: {
  rotation: readonly DutyMember[];
  nextIndex: number;
  now: Date;
  sprint: { start: string; lengthDays: number };
}): { assignment: DiscoveryAssignment; nextIndex: number } {
  const { rotation } = input;
  for (let step = 0; step < rotation.length; step++) {
    const index = (input.nextIndex + step) % rotation.length;
    if (rotation[index].available) {
      return { assignment: { kind: 'discovery-duty', assignee: rotation[index].email }, nextIndex: index + 1 };
    }
  }
  return {
    assignment: {
      kind: 'next-sprint',
      sprintStart: nextSprintStart(input.sprint.start, input.sprint.lengthDays, input.now),
    },
    nextIndex: input.nextIndex,
  };
}

/** The first sprint that starts after `now`, counting whole sprints from any known sprint start (before or after). */
export function nextSprintStart(knownStart: string, lengthDays: number, now: Date): string {
  if (!ISO_DATE.test(knownStart) || Number.isNaN(Date.parse(`${knownStart}T00:00:00Z`))) {
    throw new InvalidInputError('Invalid sprint', [{ field: 'sprint.start', message: 'must be a date as YYYY-MM-DD' }]);
  }
  if (!Number.isInteger(lengthDays) || lengthDays < 1) {
    throw new InvalidInputError('Invalid sprint', [
      { field: 'sprint.lengthDays', message: 'must be a whole number of days, at least 1' },
    ]);
  }
  const start = Date.parse(`${knownStart}T00:00:00Z`);
  const length = lengthDays * DAY_MS;
  const sprintsPassed = Math.floor((now.getTime() - start) / length) + 1;
  return new Date(start + sprintsPassed * length).toISOString().slice(0, 10);
}
