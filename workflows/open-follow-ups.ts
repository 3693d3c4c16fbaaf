/** Which follow-ups are still open, apart from the requests' schemas: `status` shows them without loading zod. */
import type { FollowUp, LifecycleState } from './state';

export function openFollowUps(state: LifecycleState): FollowUp[] {
  return state.followUps.filter((followUp) => !followUp.done).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/** A follow-up whose owner has been reminded and that nobody has settled yet. */
export function hasOverdueFollowUp(state: LifecycleState): boolean {
  return openFollowUps(state).some((followUp) => followUp.reminders > 0);
}
