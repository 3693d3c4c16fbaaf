import { meetingStepFailed, recordingStored, summarySent, type MeetingStep } from '../meetings';
import type { MeetingRecord } from '../state';
import type { LeadContext } from './context';
import { failureMessage } from './failure-message';
import { outsideSystems, recordingUploads } from './outside-systems';

/**
 * After a meeting: the summary emailed to the client and the recording stored in the client's folder, side by side;
 * each outcome, or why it failed, noted on the meeting. A retry runs only the `steps` that failed.
 */
export async function followThroughMeeting(
  ctx: LeadContext,
  meeting: MeetingRecord,
  steps: readonly MeetingStep[] = ['summary email', 'recording'],
): Promise<void> {
  const key = ctx.keyFor(meeting.id);
  const state = ctx.state();
  const { lead } = state;
  const summary = !steps.includes('summary email')
    ? Promise.resolve()
    : outsideSystems
        .sendMeetingSummary({
          idempotencyKey: `${key}/summary`,
          clientEmail: lead.email,
          clientName: lead.name,
          organisation: lead.organisation,
          mailingListLabel: lead.mailingListLabel,
          ...(state.clientOwner ? { clientOwner: state.clientOwner } : {}),
          ...(meeting.epicOwner ? { epicOwner: meeting.epicOwner } : {}),
          sender: meeting.by,
          senderName: meeting.senderName ?? meeting.by,
          meetingTitle: meeting.title,
          meetingDate: meeting.heldAt.slice(0, 10),
          discussed: meeting.discussed,
          nextSteps: meeting.nextSteps,
          ...(meeting.issueUrl ? { issueUrl: meeting.issueUrl } : {}),
        })
        .then(
          () => void ctx.commit(summarySent(ctx.state(), meeting.id)),
          (error: unknown) =>
            void ctx.commit(
              meetingStepFailed(ctx.state(), meeting.id, 'summary email', failureMessage(error), new Date()),
            ),
        );
  const recording =
    meeting.recording && steps.includes('recording')
      ? recordingUploads
          .storeMeetingRecording({
            idempotencyKey: `${key}/recording`,
            source: meeting.recording.source,
            clientFolder: lead.mailingListLabel,
            fileName: `${meeting.heldAt.slice(0, 10)} ${meeting.title} (${lead.email} ${meeting.id})${extensionOf(meeting.recording.source)}`,
          })
          .then(
            (stored) => void ctx.commit(recordingStored(ctx.state(), meeting.id, stored.webLink, new Date())),
            (error: unknown) =>
              void ctx.commit(
                meetingStepFailed(ctx.state(), meeting.id, 'recording', failureMessage(error), new Date()),
              ),
          )
      : Promise.resolve();
  await Promise.all([summary, recording]);
}

function extensionOf(source: string): string {
  const match = /\.[a-z0-9]{1,5}$/i.exec(source.split(/[?#]/)[0]);
  return match ? match[0].toLowerCase() : '';
}
