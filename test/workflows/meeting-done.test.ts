import { timeSkippingServerPerTest } from '../support/test-server';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { closeLead, completeGate, getLeadState, leadHandle, reportMeeting, startLead } from '../../client/lifecycle';
import { meetingDoneUpdate } from '../../workflows/messages';
import type { LifecycleState } from '../../workflows/state';
import { updateRejection } from '../support/errors';
import { aLead, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';
import { PLANNER } from '../support/worker';
import { DAY_MS } from '../../rules/durations';

const suite = timeSkippingServerPerTest('meetings');
const { run, outbox } = suite;

const settled = (state: LifecycleState) =>
  state.meetings.every((m) => m.summaryEmail !== 'sending' && m.recording?.status !== 'moving');

/** The lead once every meeting's email and recording move have finished, one way or the other. */
async function afterFollowThrough(workflowId: string): Promise<LifecycleState> {
  const state = await eventually(() => getLeadState(suite.env.client, workflowId), settled);
  if (!settled(state)) throw new Error(`meeting follow-through still running: ${JSON.stringify(state.meetings)}`);
  return state;
}

const intro = {
  title: 'Intro call',
  by: 'sales@example.com',
  senderName: 'Sam Sales',
  discussed: ['Micro-degree programme', 'SSO integration'],
  nextSteps: ['Send the requirements list', 'Book the discovery'],
};

describe('a meeting reported done', () => {
  test('the recap links the tracker issue discussed on the call (004), and a link that is not a web link is refused', () =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      const handle = leadHandle(suite.env.client, workflowId);
      expect(
        await updateRejection(
          handle.executeUpdate(meetingDoneUpdate, { args: [{ ...intro, issueUrl: 'javascript:x' }] }),
        ),
      ).toContain('issueUrl: must be a web link (https://...) to the issue');
      const issueUrl = 'https://acme.atlassian.net/browse/OPS-17';
      const meeting = await handle.executeUpdate(meetingDoneUpdate, { args: [{ ...intro, issueUrl }] });
      expect(meeting.issueUrl).toBe(issueUrl);
      await afterFollowThrough(workflowId);
      const [summary] = await outbox();
      expect(summary.text).toContain(`Here's a link to the issue we discussed on today's call: ${issueUrl}`);
    }));

  test('sends the summary, moves the recording, notes the link on the lead and sets a follow-up a week out', () =>
    run(async (taskQueue) => {
      const recording = path.join(suite.adapters.dir, 'intro.mp4');
      await writeFile(recording, 'pretend this is an hour of video');
      const { workflowId, lead } = await startLead(suite.env.client, aLead(), { taskQueue });

      const meeting = await leadHandle(suite.env.client, workflowId).executeUpdate(meetingDoneUpdate, {
        args: [{ ...intro, recording }],
      });
      expect(meeting).toMatchObject({ id: 'meeting-1', summaryEmail: 'sending', recording: { status: 'moving' } });

      const state = await afterFollowThrough(workflowId);
      expect(state.meetings[0]).toMatchObject({ summaryEmail: 'sent', recording: { status: 'stored' } });
      const link = state.meetings[0].recording?.link ?? '';
      expect(state.notes).toContainEqual(expect.objectContaining({ text: 'Recording of "Intro call"', link }));
      expect(await readFile(new URL(link), 'utf8')).toBe('pretend this is an hour of video');
      expect(link).toContain('/drive/hedera/');

      const [summary] = await outbox();
      expect(summary.to).toEqual([lead.email]);
      expect(summary.cc).toEqual(['help+hedera@example.com']);
      expect(summary.subject).toBe('Summary and next steps: Intro call');
      expect(summary.text).toContain('Send the requirements list');

      const followUp = state.followUps.find((f) => f.id === meeting.followUpId);
      expect(Date.parse(followUp?.dueAt ?? '') - Date.parse(meeting.heldAt)).toBe(7 * DAY_MS);
      expect(followUp?.owner).toBe('bizdev@example.com');
    }));

  test('a recording that does not exist is surfaced on the lead at once, and the summary still goes out', () =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      await leadHandle(suite.env.client, workflowId).executeUpdate(meetingDoneUpdate, {
        args: [{ ...intro, recording: path.join(suite.adapters.dir, 'missing.mp4') }],
      });
      const state = await afterFollowThrough(workflowId);
      expect(state.meetings[0]).toMatchObject({ summaryEmail: 'sent', recording: { status: 'failed' } });
      expect(state.problems).toEqual([
        expect.objectContaining({ what: 'meeting-1 recording', message: expect.stringContaining('missing.mp4') }),
      ]);
      expect(await outbox()).toHaveLength(1);
    }));

  test('a client copy goes to the client owner and the epic owner too', () =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      for (const gate of gatesToBilling.slice(0, 5)) await completeGate(suite.env.client, workflowId, gate);
      await leadHandle(suite.env.client, workflowId).executeUpdate(meetingDoneUpdate, {
        args: [{ ...intro, title: 'Sprint review', epicOwner: 'epic@example.com' }],
      });
      await afterFollowThrough(workflowId);
      const review = (await outbox()).find((mail) => mail.subject.includes('Sprint review'));
      expect(review?.cc).toEqual(['help+hedera@example.com', 'dev@example.com', 'epic@example.com']);
    }));

  test('the same meeting reported twice (someone gave up waiting and sent it again) is one meeting and one email', () =>
    run(async (taskQueue) => {
      const { workflowId, lead } = await startLead(suite.env.client, aLead(), { taskQueue });
      const first = await reportMeeting(suite.env.client, workflowId, intro);
      const again = await reportMeeting(suite.env.client, workflowId, { ...intro, discussed: ['Typed again'] });
      expect(again).toEqual(first);
      const state = await afterFollowThrough(workflowId);
      expect(state.meetings).toHaveLength(1);
      expect(state.followUps).toHaveLength(1);
      const summaries = (await outbox()).filter((mail) => mail.to.includes(lead.email));
      expect(summaries).toHaveLength(1);

      const nextDay = new Date((await suite.env.currentTimeMs()) + DAY_MS).toISOString();
      await suite.env.sleep(DAY_MS + 60_000);
      const followUpMeeting = await reportMeeting(suite.env.client, workflowId, { ...intro, heldAt: nextDay });
      expect(followUpMeeting.id).toBe('meeting-2');
    }));

  test.each([
    [{ ...intro, nextSteps: [] }, 'nextSteps: needs at least one next step'],
    [{ ...intro, recording: 'ftp://example.com/a.mp4' }, 'recording: must be a local file path or an http(s) URL'],
    [{ ...intro, by: 'Sam' }, 'by: must be the email of whoever held the meeting'],
  ])('an invalid report is rejected naming the field (%#)', (request, expected) =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      const before = await getLeadState(suite.env.client, workflowId);
      const message = await updateRejection(
        leadHandle(suite.env.client, workflowId).executeUpdate(meetingDoneUpdate, { args: [request] }),
      );
      expect(message).toContain(expected);
      expect(await getLeadState(suite.env.client, workflowId)).toEqual(before);
    }),
  );
});

describe('discovery scheduling as a lead enters Blueprint', () => {
  const toBlueprint = gatesToBilling.slice(0, 2);
  const scheduled = (state: LifecycleState) => state.discovery?.scheduled !== undefined;

  test('goes round robin over Discovery Duty, with a task and a notice for each assignee', () =>
    run(async (taskQueue) => {
      const assignees: string[] = [];
      for (const organisation of ['Hedera University', 'Affogato International', 'Brown Academy']) {
        const { workflowId } = await startLead(suite.env.client, aLead({ organisation }), { taskQueue });
        for (const gate of toBlueprint) await completeGate(suite.env.client, workflowId, gate);
        const state = await eventually(() => getLeadState(suite.env.client, workflowId), scheduled);
        assignees.push(state.discovery?.scheduled?.assignee ?? '');
      }
      expect(assignees).toEqual(['ana@example.com', 'ben@example.com', 'ana@example.com']);
      const tasks = await suite.adapters.tasks.readAll();
      expect(tasks.map((task) => [task.summary, task.assignee, task.estimateHours])).toEqual([
        ['Discovery: Hedera University', 'ana@example.com', 8],
        ['Discovery: Affogato International', 'ben@example.com', 8],
        ['Discovery: Brown Academy', 'ana@example.com', 8],
      ]);
      const notices = (await outbox()).filter((mail) => mail.subject.startsWith('Discovery assigned'));
      expect(notices.map((mail) => mail.to[0]).sort()).toEqual([
        'ana@example.com',
        'ana@example.com',
        'ben@example.com',
      ]);
    }));

  test('with everyone on Discovery Duty away, the discovery goes into the next sprint', async () => {
    suite.adapters.discovery.rotation = suite.adapters.discovery.rotation.map((member) => ({
      ...member,
      available: false,
    }));
    await run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      for (const gate of toBlueprint) await completeGate(suite.env.client, workflowId, gate);
      const state = await eventually(() => getLeadState(suite.env.client, workflowId), scheduled);
      expect(state.discovery?.scheduled).toMatchObject({ via: 'next-sprint', assignee: PLANNER });
      expect(state.discovery?.scheduled?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const [task] = await suite.adapters.tasks.readAll();
      expect(task).toMatchObject({ assignee: PLANNER, dueDate: state.discovery?.scheduled?.dueDate });
      expect(task.description).toContain('Nobody on Discovery Duty was free');
    });
  });
});

test('a lead that was lost and comes back is a new engagement: its emails are not mistaken for the first', () =>
  run(async (taskQueue) => {
    const lead = aLead();
    const first = await startLead(suite.env.client, lead, { taskQueue });
    await reportMeeting(suite.env.client, first.workflowId, intro);
    await afterFollowThrough(first.workflowId);
    await closeLead(suite.env.client, first.workflowId, {
      outcome: 'lost',
      reason: 'Went quiet',
      by: 'bizdev@example.com',
    });
    await leadHandle(suite.env.client, first.workflowId).result();

    const again = await startLead(suite.env.client, lead, { taskQueue });
    expect(again).toMatchObject({ existing: false, workflowId: first.workflowId });
    await reportMeeting(suite.env.client, again.workflowId, intro);
    const state = await afterFollowThrough(again.workflowId);
    expect(state.meetings[0].summaryEmail).toBe('sent');
    const summaries = (await outbox()).filter((mail) => mail.subject === 'Summary and next steps: Intro call');
    expect(summaries).toHaveLength(2);
    expect(new Set(summaries.map((mail) => mail.messageId)).size).toBe(2);
  }));
