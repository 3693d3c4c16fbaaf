import { patched } from '@temporalio/workflow';
import { LEAN_TASKS_REVISION, RULES_REVISION_PATCHES } from './patches';

/**
 * The rules revision a run follows, asked once as it starts. From revision 6 on, a run records only the marker of its
 * own revision, which stands for every revision before it: the newest patch is asked first, and the first that holds
 * answers. Runs recorded before that asked every patch in turn and recorded each; replaying one, the newer patches
 * answer false without a command, and the older ones are asked exactly as they were then.
 */
export function askRulesRevision(): number {
  const recordedAlone = RULES_REVISION_PATCHES.filter(([revision]) => revision >= LEAN_TASKS_REVISION);
  for (const [revision, patchId] of [...recordedAlone].reverse()) {
    if (patched(patchId)) return revision;
  }
  let revision = 0;
  for (const [older, patchId] of RULES_REVISION_PATCHES) {
    if (older < LEAN_TASKS_REVISION && patched(patchId)) revision = older;
  }
  return revision;
}
