import { createAximReportActivities } from './axim-report';
import { createBillingActivities } from './billing/activities';
import { createCareActivities } from './care/activities';
import { createSprintStatusActivities } from './care/sprint-status';
import type { ActivityDeps } from './deps';
import { createScheduleDiscovery } from './discovery/schedule-discovery';
import { createSendFollowUpReminder } from './follow-up-reminder';
import { createSendGreeting } from './greeting';
import { createSendIdleWarning } from './idle-warning';
import { createMeetingEtiquetteActivities } from './meeting-etiquette';
import { createSendMeetingSummary } from './meeting-summary';
import { createStrategyActivities } from './strategy';
import { createStoreMeetingRecording } from './recording';
import { createSupportActivities } from './support/activities';
import { createCreateTeamTask } from './team-task';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, bound to the adapters it is given (real ones in production and in tests). */
export function createActivities(deps: ActivityDeps) {
  return {
    sendFollowUpReminder: createSendFollowUpReminder(deps),
    sendIdleWarning: createSendIdleWarning(deps),
    sendGreeting: createSendGreeting(deps),
    sendMeetingSummary: createSendMeetingSummary(deps),
    storeMeetingRecording: createStoreMeetingRecording(deps),
    scheduleDiscovery: createScheduleDiscovery(deps),
    createTeamTask: createCreateTeamTask(deps),
    ...createBillingActivities(deps),
    ...createMeetingEtiquetteActivities(deps),
    ...createStrategyActivities(deps),
    ...createAximReportActivities(deps),
    ...createSupportActivities(deps),
    ...createCareActivities(deps),
    ...createSprintStatusActivities(deps),
  };
}
