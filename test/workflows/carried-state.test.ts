import { formatStatus } from '../../client/format';
import { carriedState, RECENT_RECORDS_KEPT } from '../../workflows/carried-state';
import { parseLead } from '../../workflows/lead';
import { meetingStepFailed, recordMeeting, summarySent } from '../../workflows/meetings';
import { openFollowUps } from '../../workflows/follow-ups';
import type { LifecycleState } from '../../workflows/state';
import { completeGate, startLifecycle } from '../../workflows/transitions';
import { aLead, gatesToBilling } from '../support/leads';

const DAY_MS = 24 * 60 * 60 * 1000;
const start = new Date('2026-01-05T10:00:00Z');

/** A lead with `count` meetings held a day apart, each summary sent; the follow-ups of all but the last settled. */
function leadWithMeetings(count: number): LifecycleState {
  let state = startLifecycle(parseLead(aLead()), start);
  for (let index = 0; index < count; index++) {
    const at = new Date(start.getTime() + index * DAY_MS);
    const { state: met, meeting } = recordMeeting(
      state,
      { title: `Weekly call ${index + 1}`, by: 'sales@example.com', nextSteps: ['Send the notes'] },
      at,
      7,
    );
    state = summarySent(met, meeting.id).state;
    if (index === count - 2) state = completeGate(state, gatesToBilling[0], at).state;
  }
  return state;
}

test('a long-lived lead hands over its open work and its recent records, and status says where the rest are', () => {
  const before = leadWithMeetings(RECENT_RECORDS_KEPT + 5);
  const carried = carriedState(before, 'run-1');

  expect(carried.meetings.map((meeting) => meeting.id)).toEqual(
    before.meetings.slice(-RECENT_RECORDS_KEPT).map((meeting) => meeting.id),
  );
  expect(openFollowUps(carried)).toEqual(openFollowUps(before));
  expect(carried.stage).toBe(before.stage);
  expect(carried.history).toEqual(before.history);
  expect(carried.archived).toMatchObject({ meetings: 5, throughRunId: 'run-1' });

  const status = formatStatus('lead-1', carried);
  expect(status).toContain('Weekly call 17');
  expect(status).not.toContain('Weekly call 5:');
  expect(status).toContain('Earlier, not shown: 5 meetings');
  expect(status).toContain('in the histories of run run-1 and the runs before it');

  // Ids count on from the records left behind, so a new meeting and its follow-up are never confused with old ones.
  const next = recordMeeting(
    carried,
    { title: 'After the hand-over', by: 'sales@example.com', nextSteps: ['Book the next one'] },
    new Date(start.getTime() + 30 * DAY_MS),
    7,
  );
  expect(next.meeting.id).toBe(`meeting-${RECENT_RECORDS_KEPT + 6}`);
  expect(before.followUps.map((followUp) => followUp.id)).not.toContain(next.meeting.followUpId);
});

test('a second hand-over adds to the counts of the first', () => {
  let state = carriedState(leadWithMeetings(RECENT_RECORDS_KEPT + 2), 'run-1');
  for (const title of ['Quarterly review', 'Roadmap', 'Retro']) {
    const { state: met, meeting } = recordMeeting(
      state,
      { title, by: 'sales@example.com', nextSteps: ['Send the notes'] },
      new Date(start.getTime() + 60 * DAY_MS),
      7,
    );
    state = summarySent(met, meeting.id).state;
  }
  const twice = carriedState(state, 'run-2');
  expect(twice.archived).toMatchObject({ meetings: 2 + 3, throughRunId: 'run-2' });
  expect(twice.meetings.at(-1)?.id).toBe(`meeting-${RECENT_RECORDS_KEPT + 5}`);
});

test('a lead with nothing to leave behind hands over its state unchanged', () => {
  const state = leadWithMeetings(3);
  expect(carriedState(state, 'run-1')).toEqual(state);
});

test('a meeting whose summary failed for good is handed over however old, so `resend` can still find it', () => {
  const before = leadWithMeetings(RECENT_RECORDS_KEPT + 3);
  const failed = meetingStepFailed(before, 'meeting-1', 'summary email', '550 mailbox unavailable', start).state;
  const carried = carriedState(failed, 'run-1');
  expect(carried.meetings[0]).toMatchObject({ id: 'meeting-1', summaryEmail: 'failed' });
  expect(carried.meetings).toHaveLength(RECENT_RECORDS_KEPT + 1);
  expect(carried.archived).toMatchObject({ meetings: 2 });
});
