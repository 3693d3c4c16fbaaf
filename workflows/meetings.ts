import { z } from 'zod';
import { isFinished, STAGE_LABELS } from './stages';
import { emailAddress, InvalidInputError, parseInput, requiredText } from '../rules/validation';
import type { LifecycleState, MeetingRecord } from './state';
import { addFollowUp, type Transition } from './transitions';
import { followUpOwner } from './follow-ups';
import { DAY_MS } from '../rules/durations';
import { followsRevision, INPUT_BOUNDS_REVISION } from './patches';
import { checkMeetingBounds } from './input-bounds';
import { recordsMade } from './carried-state';

/** A recording is a file the worker can read or a URL it can download. */
const recordingSource = requiredText().refine(
  (source) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^https?:\/\//i.test(source),
  {
    message: 'must be a local file path or an http(s) URL',
  },
);

const reportSchema = z
  .object({
    title: requiredText(),
    heldAt: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).optional(),
    by: emailAddress('must be the email of whoever held the meeting'),
    senderName: requiredText().optional(),
    discussed: z.array(requiredText()).default([]),
    nextSteps: z.array(requiredText()).min(1, 'needs at least one next step: the summary email lays them out'),
    recording: recordingSource.optional(),
    epicOwner: emailAddress('must be a valid email address').optional(),
    /** Handbook 004: the recap links the tracker issue discussed on the call, so everyone follows one plan. */
    issueUrl: z.url({ protocol: /^https?$/, message: 'must be a web link (https://...) to the issue' }).optional(),
    followUpInDays: z.number().positive('must be more than 0 days').max(365, 'must be at most 365 days').optional(),
  })
  .strict();
export type MeetingDoneRequest = z.input<typeof reportSchema>;

/** The schema itself stays private: modules the worker shares between runs must not export one (SHARED_WORKFLOW_MODULES, worker/create-worker.ts). */
export function meetingDoneSchema(): typeof reportSchema {
  return reportSchema;
}

/**
 * The meeting this report repeats, if any: the same title, held by the same person on the same day. Someone who gave
 * up waiting and sent `meeting-done` again must not get a second meeting and a second summary email to the client.
 */
export function repeatedMeeting(state: LifecycleState, request: unknown, now: Date): MeetingRecord | undefined {
  if (!followsRevision(state, 1)) return undefined;
  const parsed = reportSchema.safeParse(request);
  if (!parsed.success) return undefined;
  const day = (parsed.data.heldAt ? new Date(parsed.data.heldAt) : now).toISOString().slice(0, 10);
  return state.meetings.find(
    (meeting) => meeting.title === parsed.data.title && meeting.by === parsed.data.by && meeting.heldAt.startsWith(day),
  );
}

/** Records the meeting and sets its follow-up; the email and the recording follow in the background. */
export function recordMeeting(
  state: LifecycleState,
  request: unknown,
  now: Date,
  defaultFollowUpDays: number,
): { state: LifecycleState; meeting: MeetingRecord } {
  const parsed = parseInput(reportSchema, request, 'meeting report');
  if (followsRevision(state, INPUT_BOUNDS_REVISION)) checkMeetingBounds(parsed, now);
  if (isFinished(state.stage)) {
    throw new InvalidInputError('Meeting rejected', [
      { field: 'lead', message: `the lead is ${STAGE_LABELS[state.stage]}: there is nobody to follow up with` },
    ]);
  }
  const days = parsed.followUpInDays ?? defaultFollowUpDays;
  const withFollowUp = addFollowUp(
    state,
    {
      reason: `Follow up on "${parsed.title}": did ${state.lead.name} answer the summary?`,
      dueAt: new Date(now.getTime() + days * DAY_MS),
      owner: followUpOwner(state) ?? parsed.by,
      settledByNextGate: true,
    },
    now,
  );
  const meeting: MeetingRecord = {
    id: `meeting-${recordsMade(state, 'meetings') + 1}`,
    title: parsed.title,
    heldAt: parsed.heldAt ? new Date(parsed.heldAt).toISOString() : now.toISOString(),
    by: parsed.by,
    ...(parsed.senderName ? { senderName: parsed.senderName } : {}),
    ...(parsed.epicOwner ? { epicOwner: parsed.epicOwner } : {}),
    ...(parsed.issueUrl ? { issueUrl: parsed.issueUrl } : {}),
    discussed: parsed.discussed,
    nextSteps: parsed.nextSteps,
    summaryEmail: 'sending',
    ...(parsed.recording ? { recording: { source: parsed.recording, status: 'moving' as const } } : {}),
    followUpId: withFollowUp.followUps[withFollowUp.followUps.length - 1].id,
  };
  return { state: { ...withFollowUp, meetings: [...state.meetings, meeting] }, meeting };
}

function updateMeeting(
  state: LifecycleState,
  id: string,
  change: (meeting: MeetingRecord) => MeetingRecord,
): LifecycleState {
  return { ...state, meetings: state.meetings.map((meeting) => (meeting.id === id ? change(meeting) : meeting)) };
}

export function summarySent(state: LifecycleState, id: string): Transition {
  return {
    state: updateMeeting(state, id, (meeting) => ({ ...meeting, summaryEmail: 'sent' })),
    summary: `Summary email for ${id} sent to ${state.lead.email}`,
  };
}

export function recordingStored(state: LifecycleState, id: string, link: string, at: Date): Transition {
  const moved = updateMeeting(state, id, (meeting) => ({
    ...meeting,
    recording: meeting.recording ? { ...meeting.recording, status: 'stored', link } : undefined,
  }));
  const title = state.meetings.find((meeting) => meeting.id === id)?.title ?? id;
  return {
    state: {
      ...moved,
      notes: [...moved.notes, { at: at.toISOString(), by: 'worker', text: `Recording of "${title}"`, link }],
    },
    summary: `Recording for ${id} stored: ${link}`,
  };
}

export type MeetingStep = 'summary email' | 'recording';

/** A step that failed for good stays visible on the lead until someone acts on it (`retryMeetingSteps`). */
export function meetingStepFailed(
  state: LifecycleState,
  id: string,
  step: MeetingStep,
  message: string,
  at: Date,
): Transition {
  const marked = updateMeeting(state, id, (meeting) =>
    step === 'summary email'
      ? { ...meeting, summaryEmail: 'failed' }
      : { ...meeting, recording: meeting.recording ? { ...meeting.recording, status: 'failed' } : undefined },
  );
  return {
    state: { ...marked, problems: [...marked.problems, { at: at.toISOString(), what: `${id} ${step}`, message }] },
    summary: `The ${step} for ${id} failed: ${message}`,
  };
}

const retryRequestSchema = z
  .object({
    meetingId: requiredText(),
    by: emailAddress('must be the email of who asked for the retry'),
  })
  .strict();
export type RetryMeetingStepsRequest = z.input<typeof retryRequestSchema>;

/**
 * Someone fixed what made a meeting's summary email or recording fail for good (a relay back up, a file put where
 * it belongs) and asks again: only the failed steps run, under their first idempotency keys, so a step that had in
 * fact gone through is not repeated. The problems they raised are settled; a new failure raises a new one.
 */
export function retryFailedSteps(
  state: LifecycleState,
  request: unknown,
): Transition & { meeting: MeetingRecord; steps: MeetingStep[] } {
  const { meetingId, by } = parseInput(retryRequestSchema, request, 'retry request');
  const meeting = state.meetings.find((candidate) => candidate.id === meetingId);
  if (!meeting) {
    const known = state.meetings.map((candidate) => candidate.id).join(', ') || 'none yet';
    throw new InvalidInputError('Retry rejected', [
      { field: 'meetingId', message: `no meeting ${meetingId} on this lead (meetings: ${known})` },
    ]);
  }
  const steps: MeetingStep[] = [
    ...(meeting.summaryEmail === 'failed' ? (['summary email'] as const) : []),
    ...(meeting.recording?.status === 'failed' ? (['recording'] as const) : []),
  ];
  if (steps.length === 0) {
    throw new InvalidInputError('Retry rejected', [
      { field: 'meetingId', message: `nothing failed on ${meetingId}: its summary email is ${meeting.summaryEmail}` },
    ]);
  }
  const retried: MeetingRecord = {
    ...meeting,
    ...(steps.includes('summary email') ? { summaryEmail: 'sending' as const } : {}),
    ...(meeting.recording && steps.includes('recording')
      ? { recording: { ...meeting.recording, status: 'moving' as const } }
      : {}),
  };
  const settled = new Set(steps.map((step) => `${meetingId} ${step}`));
  return {
    state: {
      ...updateMeeting(state, meetingId, () => retried),
      problems: state.problems.filter((problem) => !settled.has(problem.what)),
    },
    summary: `${by} retried the ${steps.join(' and the ')} of ${meetingId}`,
    meeting: retried,
    steps,
  };
}
