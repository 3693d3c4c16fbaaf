/** Meetings: report one held (summary, recording, follow-up), or book one ahead and report how it went. */
import { Command } from 'commander';
import { NonRetryableStoreError } from '../../common/store-errors';
import { RecordingSources } from '../../common/recording-sources';
import { loadRecordingSources } from '../../common/recording-sources-config';
import { ConfigError } from '../../common/config-error';
import { InvalidInputError } from '../../rules/validation';
import {
  cancelMeetingUpdate,
  clientJoinedUpdate,
  inviteAcceptedUpdate,
  pickRescheduleSlotUpdate,
  type MeetingState,
} from '../../workflows/meeting-messages';
import { callHandle, reportMeeting, retryMeetingSteps, scheduleCall } from '../lifecycle';
import type { CommandContext } from './context';
import { collect, days, fromCaller } from './input';

interface MeetingDoneOptions {
  title: string;
  by: string;
  senderName?: string;
  discussed: string[];
  nextStep: string[];
  recording?: string;
  epicOwner?: string;
  issue?: string;
  heldAt?: string;
  followUpDays?: number;
}

interface ScheduleOptions {
  title: string;
  startsAt: string;
  slot: string[];
  link?: string;
  agenda?: string;
  owner?: string;
  ownerName?: string;
}

export function registerMeetingCommands(program: Command, ctx: CommandContext): void {
  const { out } = ctx;

  program
    .command('meeting-done')
    .description('report a meeting held: emails the summary, moves the recording to Drive, sets the follow-up')
    .argument('<lead>', 'lead email or workflow id')
    .requiredOption('--title <title>', 'what the meeting was')
    .requiredOption('--by <email>', 'who held it (signs the summary email)')
    .option('--sender-name <name>', 'the name under the summary email')
    .option('--discussed <point>', 'what was discussed (repeat for each point)', collect, [])
    .option('--next-step <step>', 'a next step (repeat for each; at least one)', collect, [])
    .option(
      '--recording <path-or-url>',
      'the meeting recording: a file in RECORDING_SOURCE_DIR, or an http(s) URL on a host in RECORDING_SOURCE_HOSTS',
    )
    .option('--epic-owner <email>', 'copy the epic owner too')
    .option('--issue <url>', 'the tracker issue discussed: the summary links it (004)')
    .option('--held-at <iso>', 'when it was held (default: now)')
    .option('--follow-up-days <days>', 'follow up after this many days (default: a week)', days)
    .action(async (lead: string, options: MeetingDoneOptions) => {
      const recording = options.recording ? await checkedRecording(options.recording, ctx.env) : undefined;
      const meeting = await ctx.withClient((client) =>
        reportMeeting(client, lead, {
          title: options.title,
          by: options.by,
          discussed: options.discussed,
          nextSteps: options.nextStep,
          ...(options.senderName ? { senderName: options.senderName } : {}),
          ...(recording ? { recording } : {}),
          ...(options.epicOwner ? { epicOwner: options.epicOwner } : {}),
          ...(options.issue ? { issueUrl: options.issue } : {}),
          ...(options.heldAt ? { heldAt: options.heldAt } : {}),
          ...(options.followUpDays !== undefined ? { followUpInDays: options.followUpDays } : {}),
        }),
      );
      const what = `summary email${meeting.recording ? ' and recording' : ''}`;
      out.result(meeting, () => `${meeting.id} recorded; ${what} on the way; ${meeting.followUpId} set`);
    });

  program
    .command('resend')
    .description("run a meeting's failed summary email or recording move again, once its cause is fixed")
    .argument('<lead>', 'lead email or workflow id')
    .argument('<meeting-id>', 'the meeting, as `status` lists it (meeting-1, ...)')
    .requiredOption('--by <email>', 'who asks for it')
    .action(async (lead: string, meetingId: string, options: { by: string }) => {
      const meeting = await ctx.withClient((client) => retryMeetingSteps(client, lead, { meetingId, by: options.by }));
      const steps = [
        ...(meeting.summaryEmail === 'sending' ? ['summary email'] : []),
        ...(meeting.recording?.status === 'moving' ? ['recording'] : []),
      ];
      out.result(meeting, () => `${meeting.id}: ${steps.join(' and ')} on the way again`);
    });

  const meeting = program
    .command('meeting')
    .description('meetings booked ahead: the 48-hour check and no-show handling');
  meeting
    .command('schedule')
    .description(
      'book a meeting: 48 h ahead the owner gets the checks (acceptance, link, agenda), and a nudge to join 3 minutes early',
    )
    .argument('<lead>', 'lead email or workflow id')
    .requiredOption('--title <title>', 'what the meeting is')
    .requiredOption('--starts-at <iso>', 'start, as an ISO date-time with offset')
    .option('--slot <iso>', 'a reschedule slot to offer on a no-show (repeat: 2 or 3)', collect, [])
    .option('--link <url>', 'the meeting link')
    .option('--agenda <url>', 'where the agenda documents are')
    .option('--owner <email>', 'who attends for us (default: the client owner or the lead owner)')
    .option('--owner-name <name>', 'signs the no-show message')
    .action(async (lead: string, options: ScheduleOptions) => {
      const call = await ctx.withClient((client) =>
        scheduleCall(client, lead, {
          title: options.title,
          startsAt: options.startsAt,
          rescheduleSlots: options.slot,
          ...(options.link ? { meetingLink: options.link } : {}),
          ...(options.agenda ? { agendaUrl: options.agenda } : {}),
          ...(options.owner ? { ownerEmail: options.owner } : {}),
          ...(options.ownerName ? { ownerName: options.ownerName } : {}),
        }),
      );
      out.result(call, () => `${call.id} booked for ${call.startsAt} (${call.childWorkflowId})`);
    });

  const callUpdate = (
    name: string,
    description: string,
    send: (handle: Awaited<ReturnType<typeof callHandle>>, extra: string[]) => Promise<MeetingState>,
  ) =>
    meeting
      .command(name)
      .description(description)
      .argument('<lead>', 'lead email or workflow id')
      .argument('<call>', 'the booked meeting, e.g. call-1')
      .argument('[value...]')
      .action(async (lead: string, callId: string, extra: string[]) => {
        const state = await ctx.withClient(async (client) => send(await callHandle(client, lead, callId), extra));
        out.result(state, () => `${callId}: ${state.status}${state.outcome ? ` (${state.outcome.outcome})` : ''}`);
      });
  callUpdate('accepted', 'the client accepted the invite', (handle) => handle.executeUpdate(inviteAcceptedUpdate));
  callUpdate('joined', 'the client joined the call', (handle) => handle.executeUpdate(clientJoinedUpdate));
  callUpdate('pick', 'the client picked a reschedule slot: <lead> <call> <slot>', (handle, [slot]) =>
    handle.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: slot ?? '' }] }),
  );
  callUpdate('cancel', 'cancel the meeting: <lead> <call> <reason...>', (handle, words) =>
    handle.executeUpdate(cancelMeetingUpdate, { args: [{ reason: words.join(' ') }] }),
  );
}

/**
 * The recording as the worker should see it, checked against the same rules the worker enforces (RECORDING_SOURCE_DIR
 * and RECORDING_SOURCE_HOSTS, as this process sees them), so a file outside the recordings folder, a host off the
 * allow-list or an `ftp:`/`file:` URL is refused here, before the workflow hears of it.
 */
async function checkedRecording(source: string, env: NodeJS.ProcessEnv): Promise<string> {
  let sources: RecordingSources;
  try {
    sources = new RecordingSources(loadRecordingSources(env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new InvalidInputError(
      'Invalid environment',
      error.problems.map((p) => ({ field: p.variable, message: p.problem })),
    );
  }
  // Relative to the folder the user typed the command in (INIT_CWD under `npm run`), not the project's root.
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(source);
  const absolute = isUrl ? source : fromCaller(env, source);
  try {
    await sources.check(absolute);
  } catch (error) {
    if (error instanceof NonRetryableStoreError) {
      throw new InvalidInputError('Invalid meeting report', [{ field: 'recording', message: error.message }]);
    }
    throw error;
  }
  return absolute;
}
