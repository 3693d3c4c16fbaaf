import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { formatMeetingTime, messageIdFor } from '../../activities/email/templates';
import { meetingEtiquette } from '../../workflows/meeting';
import {
  cancelMeetingUpdate,
  clientJoinedUpdate,
  inviteAcceptedUpdate,
  meetingStateQuery,
  pickRescheduleSlotUpdate,
  type MeetingInput,
} from '../../workflows/meeting-messages';
import { updateRejection } from '../support/errors';
import { numberedLines } from '../support/outbox';
import { timeSkippingServerPerTest } from '../support/test-server';
import { COMPANY_DOMAIN } from '../support/worker';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../rules/durations';

const OWNER = 'olga@example.com';
const CLIENT = 'ana@acme.example';
const MEETING_LINK = 'https://meet.example.com/acme-blueprint';
const AGENDA = 'https://docs.example.com/acme-blueprint-agenda';

/** `14:00 UTC`: the clock time the emails name. */
function clock(at: number): string {
  return `${new Date(at).toISOString().slice(11, 16)} UTC`;
}

test('meeting times are written out with their time zone', () => {
  expect(formatMeetingTime('2026-03-10T15:00:00+01:00')).toBe('Tuesday 10 March 2026, 14:00 UTC');
});

describe('meetingEtiquette on the time-skipping server', () => {
  // A server per test: a timer left pending by a finished test would stall time skipping for the next.
  const suite = timeSkippingServerPerTest('meeting');
  const { run, outbox } = suite;

  interface StartedMeeting {
    handle: WorkflowHandle<typeof meetingEtiquette>;
    input: MeetingInput;
    startsAt: number;
  }

  /** A meeting five days from the server's "now", with two slots in the following days. */
  async function startMeeting(taskQueue: string, overrides: Partial<MeetingInput> = {}): Promise<StartedMeeting> {
    const now = await suite.env.currentTimeMs();
    const startsAt = Math.ceil((now + 5 * DAY_MS) / MINUTE_MS) * MINUTE_MS;
    const input: MeetingInput = {
      leadWorkflowId: `lead-${CLIENT}`,
      meetingId: 'blueprint-1',
      title: 'Blueprint review',
      startsAt: new Date(startsAt).toISOString(),
      clientName: 'Ana Silva',
      clientEmail: CLIENT,
      ownerEmail: OWNER,
      ownerName: 'Olga',
      meetingLink: MEETING_LINK,
      rescheduleSlots: [new Date(startsAt + 2 * DAY_MS).toISOString(), new Date(startsAt + 3 * DAY_MS).toISOString()],
      ...overrides,
    };
    const handle = await suite.env.client.workflow.start(meetingEtiquette, {
      taskQueue,
      workflowId: `meeting-${input.meetingId}`,
      args: [input],
    });
    return { handle, input, startsAt };
  }

  /** Moves the server's clock to `at` (ms since the epoch). */
  async function sleepUntil(at: number): Promise<void> {
    await suite.env.sleep(at - (await suite.env.currentTimeMs()));
  }

  test('invite accepted: the owner still gets the 48-hour checks and, 3 minutes before the start, a nudge to join', () =>
    run(async (taskQueue) => {
      const { handle, startsAt } = await startMeeting(taskQueue);
      const when = formatMeetingTime(new Date(startsAt).toISOString());
      const accepted = await handle.executeUpdate(inviteAcceptedUpdate);
      expect(accepted.inviteAcceptedAt).toBeDefined();
      expect(await updateRejection(handle.executeUpdate(clientJoinedUpdate))).toContain(
        'a join counts from 15 minutes before',
      );

      // 004, 48 hours before: an accepted invite still has its link tested and its agenda attached.
      await sleepUntil(startsAt - 48 * HOUR_MS - MINUTE_MS);
      expect(await outbox()).toHaveLength(0);
      await sleepUntil(startsAt - 48 * HOUR_MS + MINUTE_MS);
      const [checks] = await outbox();
      expect(checks).toMatchObject({
        to: [OWNER],
        cc: [],
        messageId: messageIdFor(`${handle.workflowId}/meeting-checks`, COMPANY_DOMAIN),
        subject: `Meeting checks: Blueprint review with Ana Silva, ${when} (no agenda)`,
      });
      expect(checks.text).toContain('Ana Silva has accepted the invite: nothing to confirm.');
      expect(checks.text).toContain(`Test the meeting link, so that it works when the meeting starts: ${MEETING_LINK}`);
      expect(checks.text).toContain('No agenda: attach the agenda documents to the invite if this meeting needs them');

      // 004, day of meeting: "Join meeting 2-3 minutes prior to the meeting start time".
      await sleepUntil(startsAt - 3 * MINUTE_MS - 10_000);
      expect(await outbox()).toHaveLength(1);
      await sleepUntil(startsAt - 2 * MINUTE_MS);
      const nudge = (await outbox()).find((mail) => mail.subject.startsWith('Join now'));
      expect(nudge).toMatchObject({
        to: [OWNER],
        cc: [],
        messageId: messageIdFor(`${handle.workflowId}/join-early`, COMPANY_DOMAIN),
        subject: `Join now: Blueprint review with Ana Silva starts at ${when}`,
      });
      expect(nudge?.text).toContain(`Please join now, by ${clock(startsAt - 3 * MINUTE_MS)}`);
      expect(nudge?.text).toContain(MEETING_LINK);
      const nudged = await handle.query(meetingStateQuery);
      expect(Date.parse(nudged.joinNudgeSentAt ?? '') - (startsAt - 3 * MINUTE_MS)).toBeLessThan(10_000);
      expect(Date.parse(nudged.joinNudgeSentAt ?? '')).toBeGreaterThanOrEqual(startsAt - 3 * MINUTE_MS);

      const joined = await handle.executeUpdate(clientJoinedUpdate);
      expect(joined).toMatchObject({ status: 'closed', outcome: { outcome: 'held' } });
      expect(await handle.result()).toEqual({ outcome: 'held' });
      expect(await outbox()).toHaveLength(2);
      expect((await handle.query(meetingStateQuery)).remindedAt).toBeUndefined();
    }));

  test('a meeting booked 2 hours ahead, with an agenda and no link: the checks go out at once, naming the link', () =>
    run(async (taskQueue) => {
      const startsAt = Math.ceil(((await suite.env.currentTimeMs()) + 2 * HOUR_MS) / MINUTE_MS) * MINUTE_MS;
      const { handle } = await startMeeting(taskQueue, {
        startsAt: new Date(startsAt).toISOString(),
        meetingLink: undefined,
        agendaUrl: AGENDA,
      });
      await sleepUntil(startsAt - HOUR_MS);
      const sent = await outbox();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        to: [OWNER],
        subject: `Meeting checks: Blueprint review with Ana Silva, ${formatMeetingTime(new Date(startsAt).toISOString())} (invite not accepted, no meeting link)`,
      });
      expect(sent[0].text).toContain('No meeting link: add one to the invite and test it.');
      expect(sent[0].text).toContain(
        `Check that the agenda documents are attached to the invite and that everyone invited can open them: ${AGENDA}`,
      );
      expect(sent[0].text).not.toContain('Test the meeting link');

      await handle.executeUpdate(cancelMeetingUpdate, { args: [{ reason: 'Booked by mistake' }] });
      expect(await handle.result()).toEqual({ outcome: 'cancelled', reason: 'Booked by mistake' });
      expect(await outbox()).toHaveLength(1);
    }));

  test('invite not accepted: the checks ask the owner to confirm, exactly 48 hours before', () =>
    run(async (taskQueue) => {
      const { handle, startsAt } = await startMeeting(taskQueue);
      const confirmAt = startsAt - 48 * HOUR_MS;

      await sleepUntil(confirmAt - MINUTE_MS);
      expect(await outbox()).toHaveLength(0);
      expect(await handle.query(meetingStateQuery)).toMatchObject({ status: 'upcoming' });

      await sleepUntil(confirmAt + MINUTE_MS);
      const sent = await outbox();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        to: [OWNER],
        cc: [],
        messageId: messageIdFor(`${handle.workflowId}/meeting-checks`, COMPANY_DOMAIN),
        subject: `Meeting checks: Blueprint review with Ana Silva, ${formatMeetingTime(new Date(startsAt).toISOString())} (invite not accepted, no agenda)`,
      });
      expect(sent[0].text).toContain('Ana Silva has not accepted the invite yet: confirm that they will attend');
      expect(sent[0].text).toContain(`email (${CLIENT})`);
      expect(sent[0].text).toContain(
        `Test the meeting link, so that it works when the meeting starts: ${MEETING_LINK}`,
      );
      expect(sent[0].text).toContain('No agenda');
      const state = await handle.query(meetingStateQuery);
      expect(state.status).toBe('starting');
      expect(Math.abs(Date.parse(state.remindedAt ?? '') - confirmAt)).toBeLessThan(MINUTE_MS);

      const cancelled = await handle.executeUpdate(cancelMeetingUpdate, { args: [{ reason: 'Client on leave' }] });
      expect(cancelled.outcome).toEqual({ outcome: 'cancelled', reason: 'Client on leave' });
      expect(await handle.result()).toEqual({ outcome: 'cancelled', reason: 'Client on leave' });
      expect(await outbox()).toHaveLength(1);
    }));

  test('client does not join within 3 minutes: they are offered the slots, owner on copy, and pick one', () =>
    run(async (taskQueue) => {
      const { handle, input, startsAt } = await startMeeting(taskQueue);
      await handle.executeUpdate(inviteAcceptedUpdate);

      await sleepUntil(startsAt + 2 * MINUTE_MS);
      const toClient = async () => (await outbox()).filter((mail) => mail.to[0] === CLIENT);
      expect((await outbox()).map((mail) => mail.to)).toEqual([[OWNER], [OWNER]]);
      expect(await toClient()).toHaveLength(0);

      await sleepUntil(startsAt + 4 * MINUTE_MS);
      const sent = await toClient();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        to: [CLIENT],
        cc: [OWNER],
        messageId: messageIdFor(`${handle.workflowId}/no-show`, COMPANY_DOMAIN),
        subject: 'Rescheduling our meeting: Blueprint review',
      });
      expect(sent[0].text).toContain('sorry to miss you');
      // Exactly the two slots booked with the meeting, in order, and nothing else.
      expect(numberedLines(sent[0].text)).toEqual([
        `1. ${formatMeetingTime(input.rescheduleSlots[0])}`,
        `2. ${formatMeetingTime(input.rescheduleSlots[1])}`,
      ]);
      expect(sent[0].text).toContain('Olga');
      expect(await handle.query(meetingStateQuery)).toMatchObject({
        status: 'awaiting-reschedule',
        offeredSlots: input.rescheduleSlots,
      });

      await handle.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: input.rescheduleSlots[1] }] });
      expect(await handle.result()).toEqual({ outcome: 'rescheduled', newStartsAt: input.rescheduleSlots[1] });
      expect((await handle.query(meetingStateQuery)).outcome).toEqual({
        outcome: 'rescheduled',
        newStartsAt: input.rescheduleSlots[1],
      });
    }));

  test('the picked time is repeated back to the client with the contact details, help+label@ and the owner on copy', () =>
    run(async (taskQueue) => {
      const { handle, input, startsAt } = await startMeeting(taskQueue, { mailingListLabel: 'acme' });
      await sleepUntil(startsAt + 4 * MINUTE_MS);
      expect((await outbox()).filter((mail) => mail.subject.startsWith('Confirmed'))).toHaveLength(0);

      const picked = input.rescheduleSlots[0];
      await handle.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: picked }] });
      expect(await handle.result()).toEqual({ outcome: 'rescheduled', newStartsAt: picked });
      const confirmations = (await outbox()).filter((mail) => mail.subject.startsWith('Confirmed'));
      expect(confirmations).toHaveLength(1);
      const [confirmation] = confirmations;
      expect(confirmation).toMatchObject({
        to: [CLIENT],
        cc: ['help+acme@example.com', OWNER],
        replyTo: [OWNER],
        messageId: messageIdFor(`${handle.workflowId}/reschedule-confirmed`, COMPANY_DOMAIN),
        subject: `Confirmed: Blueprint review, ${formatMeetingTime(picked)}`,
      });
      // 004, L6: "Repeat back to the customer the newly agreed upon date and time, as well as the contact information."
      expect(confirmation.text).toContain(`we will meet for "Blueprint review" on:\n\n${formatMeetingTime(picked)}\n`);
      expect(confirmation.text).toContain(`The invite will be sent to ${CLIENT}.`);
      expect(confirmation.text).toContain(`Your contact with us is Olga (${OWNER}).`);
      const state = await handle.query(meetingStateQuery);
      expect(Date.parse(state.rescheduleConfirmedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(state.noShowSentAt ?? ''),
      );
    }));

  test('a slot can only be picked after a no-show, and only from the offered ones', () =>
    run(async (taskQueue) => {
      const { handle, input, startsAt } = await startMeeting(taskQueue);
      const tooEarly = await updateRejection(
        handle.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: input.rescheduleSlots[0] }] }),
      );
      expect(tooEarly).toBe(
        'Reschedule rejected: slot: no times have been offered: the client has not missed the meeting',
      );

      await sleepUntil(startsAt + 4 * MINUTE_MS);
      const unoffered = new Date(startsAt + 10 * DAY_MS).toISOString();
      const rejected = await updateRejection(
        handle.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: unoffered }] }),
      );
      expect(rejected).toBe(
        `Reschedule rejected: slot: must be one of the offered times: ${input.rescheduleSlots.join(', ')}`,
      );
      expect(await handle.query(meetingStateQuery)).toMatchObject({ status: 'awaiting-reschedule' });

      // The same instant written with another offset is the same slot.
      const berlinWallClock = new Date(Date.parse(input.rescheduleSlots[0]) + 2 * HOUR_MS).toISOString().slice(0, 19);
      await handle.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: `${berlinWallClock}+02:00` }] });
      expect(await handle.result()).toEqual({ outcome: 'rescheduled', newStartsAt: input.rescheduleSlots[0] });
    }));

  test('nobody picks a slot: the outcome is no-show-unanswered once the pick timeout passes', () =>
    run(async (taskQueue) => {
      const { handle, startsAt } = await startMeeting(taskQueue, { pickTimeoutDays: 7 });
      await sleepUntil(startsAt + 4 * MINUTE_MS);
      // The 48-hour checks, the nudge to join and the no-show message.
      expect(await outbox()).toHaveLength(3);

      await sleepUntil(startsAt + 6 * DAY_MS);
      expect(await handle.query(meetingStateQuery)).toMatchObject({ status: 'awaiting-reschedule' });

      expect(await handle.result()).toEqual({ outcome: 'no-show-unanswered' });
      const state = await handle.query(meetingStateQuery);
      expect(state).toMatchObject({ status: 'closed', outcome: { outcome: 'no-show-unanswered' } });
      expect(await suite.env.currentTimeMs()).toBeGreaterThanOrEqual(Date.parse(state.noShowSentAt ?? '') + 7 * DAY_MS);
      expect((await outbox()).map((message) => message.to)).toEqual(expect.arrayContaining([[OWNER], [CLIENT]]));
      // No time was agreed, so none is confirmed.
      expect((await outbox()).filter((message) => message.subject.startsWith('Confirmed'))).toHaveLength(0);
    }));

  test('a meeting with one reschedule slot and a bad client email is refused, naming both fields', () =>
    run(async (taskQueue) => {
      const { handle } = await startMeeting(taskQueue, {
        clientEmail: 'not-an-email',
        rescheduleSlots: ['2030-01-01T10:00:00Z'],
      });
      const failure = await handle.result().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const message = (failure as WorkflowFailedError).cause?.message ?? '';
      expect(message).toContain('clientEmail: must be a valid email address');
      expect(message).toContain('rescheduleSlots: offer 2 or 3 times');
    }));
});
