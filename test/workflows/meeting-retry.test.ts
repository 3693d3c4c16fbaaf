import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SmtpMailer } from '../../activities/email/smtp-mailer';
import { getLeadState, reportMeeting, retryMeetingSteps, startLead } from '../../client/lifecycle';
import type { LifecycleState } from '../../workflows/state';
import { startSmtpPeer, type SmtpPeer } from '../activities/peers/smtp-peer';
import { updateRejection } from '../support/errors';
import { aLead } from '../support/leads';
import { eventually } from '../support/poll';
import { timeSkippingServerPerTest } from '../support/test-server';
import { uniqueTaskQueue, withWorker } from '../support/worker';

/** Issue 18: a summary email or recording that failed for good can be run again once its cause is fixed. */
const suite = timeSkippingServerPerTest('meeting-retry');
const intro = { title: 'Intro call', by: 'sales@example.com', nextSteps: ['Send the requirements list'] };

let peer: SmtpPeer;
let mailer: SmtpMailer;
beforeEach(async () => {
  peer = await startSmtpPeer();
  mailer = new SmtpMailer({
    host: '127.0.0.1',
    port: peer.port,
    secure: false,
    from: 'Sales <sales@example.com>',
    stateDir: path.join(suite.adapters.dir, 'smtp-state'),
  });
});
afterEach(async () => {
  mailer.close();
  await peer.close();
});

/** The lead's worker sends email through the relay on loopback, as a deployment with SMTP settings does. */
function withRelay(body: (taskQueue: string) => Promise<void>): Promise<void> {
  const taskQueue = uniqueTaskQueue('meeting-retry');
  return withWorker(suite.env, { ...suite.adapters, mailer }, taskQueue, () => body(taskQueue));
}

const settled = (state: LifecycleState) =>
  state.meetings.every((m) => m.summaryEmail !== 'sending' && m.recording?.status !== 'moving');

test('a summary the relay refused for good goes out once on `resend`, and only the failed step runs again', () =>
  withRelay(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const recording = path.join(suite.adapters.dir, 'intro.mp4');
    await writeFile(recording, 'an hour of video');
    peer.failNextData(550, 'Mailbox unavailable');
    await reportMeeting(suite.env.client, workflowId, { ...intro, recording });
    const failed = await eventually(() => getLeadState(suite.env.client, workflowId), settled);
    expect(failed.meetings[0]).toMatchObject({ summaryEmail: 'failed', recording: { status: 'stored' } });
    expect(failed.problems.map((problem) => problem.what)).toEqual(['meeting-1 summary email']);
    expect(peer.received).toHaveLength(0);

    const retried = await retryMeetingSteps(suite.env.client, workflowId, { meetingId: 'meeting-1', by: intro.by });
    expect(retried).toMatchObject({ summaryEmail: 'sending', recording: { status: 'stored' } });
    const sent = await eventually(() => getLeadState(suite.env.client, workflowId), settled);
    expect(sent.meetings[0].summaryEmail).toBe('sent');
    expect(sent.problems).toEqual([]);
    expect(peer.received.map((mail) => mail.parsed.subject)).toEqual(['Summary and next steps: Intro call']);
    expect(sent.notes.filter((note) => note.text === 'Recording of "Intro call"')).toHaveLength(1);

    expect(
      await updateRejection(retryMeetingSteps(suite.env.client, workflowId, { meetingId: 'meeting-1', by: intro.by })),
    ).toContain('meetingId: nothing failed on meeting-1');
    expect(
      await updateRejection(retryMeetingSteps(suite.env.client, workflowId, { meetingId: 'meeting-9', by: intro.by })),
    ).toContain('meetingId: no meeting meeting-9 on this lead (meetings: meeting-1)');
    expect(peer.received).toHaveLength(1);
  }));
