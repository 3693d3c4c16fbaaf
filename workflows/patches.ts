/**
 * Changes to what running leads do, each behind `patched()`: a lead started before a change replays its old branch
 * for as long as it lives (see "Changing workflow code safely" in the README).
 *
 * The lifecycle asks once, as a run starts, and keeps the answer as the state's `rulesRevision`, so the pure
 * transitions can follow the rules the lead was started (or continued) under.
 */

/** Issue 16: billing by gate, follow-ups a move settles, discovery billing, small projects, engagement-scoped calls. */
export const HANDBOOK_FIDELITY_PATCH = 'handbook-fidelity-2026-12';

/**
 * Issue 16, meeting etiquette (004): the 48-hour checks for every meeting, the day-of nudge to join early, and the
 * agreed new time repeated back to the client after a reschedule. Asked by the meeting child itself, at each step.
 */
export const MEETING_ETIQUETTE_PATCH = 'meeting-etiquette-2026-12';

/** Issue 16, a lead's first contact (002): the greeting with the hosting/support quote or the P&T plan, owner-approved. */
export const FIRST_CONTACT_GREETING_PATCH = 'first-contact-greeting-2026-12';

/**
 * Issue 18: limits on what people send (lengths of emails, labels and texts, web links only, a meeting held in the
 * past year, no unknown fields in a gate request), checked by workflows/input-bounds.ts.
 */
export const INPUT_BOUNDS_PATCH = 'input-bounds-2026-12';
export const INPUT_BOUNDS_REVISION = 3;

/** Issue 14, keeping clients informed (003): an iterative client's sprint status emailed by a Schedule every sprint. */
export const SPRINT_STATUS_PATCH = 'sprint-status-2026-12';
export const SPRINT_STATUS_REVISION = 4;

/**
 * Issue 11 (performance): a lean history and a bounded state. Search attributes are upserted only when one changed,
 * the wake-up timer is kept while its time does not move, and continue-as-new carries what is still open and the
 * most recent records, with counts of the rest (kept in the earlier runs' histories).
 */
export const LEAN_HISTORY_PATCH = 'lean-history-2026-12';
export const LEAN_HISTORY_REVISION = 5;

/**
 * Issue 11 (performance): a run records its rules revision with one marker (its own revision's, which stands for all
 * before it) instead of one marker and one search-attribute upsert per revision.
 */
export const LEAN_TASKS_PATCH = 'lean-tasks-2026-12';
export const LEAN_TASKS_REVISION = 6;

/** The latest revision: each number is the patch of that name above, and a run follows every revision up to its own. */
export const CURRENT_RULES_REVISION = 6;

/** Each revision and the patch that introduces it, in order (workflows/rules-revision.ts asks them as a run starts). */
export const RULES_REVISION_PATCHES: ReadonlyArray<readonly [revision: number, patchId: string]> = [
  [1, HANDBOOK_FIDELITY_PATCH],
  [2, FIRST_CONTACT_GREETING_PATCH],
  [INPUT_BOUNDS_REVISION, INPUT_BOUNDS_PATCH],
  [SPRINT_STATUS_REVISION, SPRINT_STATUS_PATCH],
  [LEAN_HISTORY_REVISION, LEAN_HISTORY_PATCH],
  [LEAN_TASKS_REVISION, LEAN_TASKS_PATCH],
];

export function followsRevision(state: { rulesRevision?: number }, revision: number): boolean {
  return (state.rulesRevision ?? 0) >= revision;
}
