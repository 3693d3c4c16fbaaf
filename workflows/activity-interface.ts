/**
 * The one module through which workflow code sees the activities: their types only, for proxyActivities. Workflow
 * code never loads an adapter this way, and no activity needs anything back from the workflows, so the layers
 * cannot form a cycle (`npm run lint` checks it).
 */
import type { createActivities } from '../activities';
import type { createAximReportActivities } from '../activities/axim-report';
import type { createMeetingEtiquetteActivities } from '../activities/meeting-etiquette';
import type { createStrategyActivities } from '../activities/strategy';

export type LifecycleActivities = ReturnType<typeof createActivities>;
export type StrategyActivities = ReturnType<typeof createStrategyActivities>;
export type MeetingEtiquetteActivities = ReturnType<typeof createMeetingEtiquetteActivities>;
export type AximReportActivities = ReturnType<typeof createAximReportActivities>;

export type { ReferralLeadRow } from '../activities/axim-report';
export type { CreatedTask } from '../activities/strategy';
export type { TaskAssignee, TeamTask } from '../activities/team-task';
