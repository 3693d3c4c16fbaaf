import type { ActivityDeps } from './deps';
import { createSendFollowUpReminder } from './follow-up-reminder';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, bound to the adapters it is given (real ones in production and in tests). */
export function createActivities(deps: ActivityDeps) {
  return {
    sendFollowUpReminder: createSendFollowUpReminder(deps),
  };
}
