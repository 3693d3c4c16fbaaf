import { timeSkippingServerPerTest } from '../support/test-server';
import { callHandle, closeLead, getLeadState, leadHandle, scheduleCall, startLead } from '../../client/lifecycle';
import { clientJoinedUpdate, inviteAcceptedUpdate, pickRescheduleSlotUpdate } from '../../workflows/meeting-messages';
import { updateRejection } from '../support/errors';
import { formatMeetingTime } from '../../activities/email/templates';
import { aLead } from '../support/leads';
import { numberedLines } from '../support/outbox';
import { eventually } from '../support/poll';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../rules/durations';
import { engagementCode } from '../../workflows/engagement';
import { cancelMeetingUpdate } from '../../workflows/meeting-messages';

const suite = timeSkippingServerPerTest('calls');
const { run, outbox } = suite;

async function bookIn(workflowId: string, hours: number, extra: { agendaUrl?: string } = {}) {
  // On the minute, so the times the emails print are exact.
  const startsAt = new Date(Math.ceil(((await suite.env.currentTimeMs()) + hours * HOUR_MS) / MINUTE_MS) * MINUTE_MS);
  const slots = [1, 2].map((days) => new Date(startsAt.getTime() + days * DAY_MS).toISOString());
  const call = await scheduleCall(suite.env.client, workflowId, {
    title: 'Discovery kickoff',
    startsAt: startsAt.toISOString(),
    rescheduleSlots: slots,
    meetingLink: 'https://meet.example.com/abc',
    ...extra,
  });
  return { call, slots, startsAt };
}

test('a booked meeting the client misses: owner checks 48 h ahead, no-show message, the picked slot confirmed and on the lead', () =>
  run(async (taskQueue) => {
    const { workflowId, runId, lead } = await startLead(suite.env.client, aLead(), { taskQueue });
    const { call, slots } = await bookIn(workflowId, 5 * 24);
    expect(call).toMatchObject({ id: 'call-1', childWorkflowId: `${workflowId}/${engagementCode(runId)}/call-1` });

    await suite.env.sleep(3 * DAY_MS + HOUR_MS);
    const reminder = await eventually(outbox, (mails) => mails.length > 0);
    expect(reminder.map((mail) => mail.to[0])).toEqual(['bizdev@example.com']);

    await suite.env.sleep(2 * DAY_MS);
    const noShow = await eventually(outbox, (mails) => mails.length > 1);
    const toClient = noShow.find((mail) => mail.to[0] === lead.email);
    expect(toClient?.cc).toEqual(['help+hedera@example.com', 'bizdev@example.com']);
    expect(toClient?.subject).toBe('Rescheduling our meeting: Discovery kickoff');
    // The client is offered exactly the two slots booked with the call, in order, and nothing else.
    expect(numberedLines(toClient?.text ?? '')).toEqual([
      `1. ${formatMeetingTime(slots[0])}`,
      `2. ${formatMeetingTime(slots[1])}`,
    ]);

    const handle = await callHandle(suite.env.client, workflowId, call.id);
    expect(
      await updateRejection(
        handle.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: '2030-01-01T00:00:00Z' }] }),
      ),
    ).toBe(`Reschedule rejected: slot: must be one of the offered times: ${slots.join(', ')}`);
    await handle.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: slots[1] }] });
    const state = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (s) => s.calls[0]?.outcome !== undefined,
    );
    expect(state.calls[0].outcome).toEqual({ outcome: 'rescheduled', newStartsAt: slots[1] });
    expect(state.notes.at(-1)?.text).toContain(`the client picked ${slots[1]}`);
    // The agreed time repeated back to the client, copied like all client mail (000: "always CC help+client@").
    const mails = await eventually(outbox, (all) => all.some((mail) => mail.subject.startsWith('Confirmed')));
    const confirmation = mails.find((mail) => mail.subject.startsWith('Confirmed'));
    expect(confirmation).toMatchObject({
      to: [lead.email],
      cc: ['help+hedera@example.com', 'bizdev@example.com'],
      subject: `Confirmed: Discovery kickoff, ${formatMeetingTime(slots[1])}`,
    });
    expect(confirmation?.text).toContain(`The invite will be sent to ${lead.email}.`);
  }));

test('an accepted invite with its agenda: the owner gets the 48-hour checks with it, and the joined call ends as held', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const agendaUrl = 'https://docs.example.com/hedera-kickoff-agenda';
    const { call, startsAt } = await bookIn(workflowId, 72, { agendaUrl });
    const handle = await callHandle(suite.env.client, workflowId, call.id);
    await handle.executeUpdate(inviteAcceptedUpdate);
    await suite.env.sleep(startsAt.getTime() - 5 * MINUTE_MS - (await suite.env.currentTimeMs()));
    await handle.executeUpdate(clientJoinedUpdate);
    const state = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (s) => s.calls[0]?.outcome !== undefined,
    );
    expect(state.calls[0].outcome).toEqual({ outcome: 'held' });
    // Accepted, with a link and an agenda: nothing is missing, but the link is still to be tested (004, L3).
    const sent = await outbox();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: ['bizdev@example.com'],
      subject: `Meeting checks: Discovery kickoff with Jimmy Hedera, ${formatMeetingTime(startsAt.toISOString())}`,
    });
    expect(sent[0].text).toContain('Test the meeting link, so that it works when the meeting starts');
    expect(sent[0].text).toContain(agendaUrl);
  }));

test('a meeting booked in the past is rejected naming the field, and nothing is started', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const message = await updateRejection(
      scheduleCall(suite.env.client, workflowId, {
        title: 'Late',
        startsAt: '2020-01-01T10:00:00Z',
        rescheduleSlots: ['2020-01-02T10:00:00Z', '2020-01-03T10:00:00Z'],
      }),
    );
    expect(message).toContain('startsAt: must be in the future');
    expect((await getLeadState(suite.env.client, workflowId)).calls).toEqual([]);
  }));

test("a client back for a second engagement gets its first meeting's reminder too", () =>
  run(async (taskQueue) => {
    const contact = aLead();
    const first = await startLead(suite.env.client, contact, { taskQueue });
    await bookIn(first.workflowId, 72);
    await suite.env.sleep(24 * HOUR_MS + HOUR_MS);
    await eventually(outbox, (mails) => mails.length === 1);
    const firstCall = await callHandle(suite.env.client, first.workflowId, 'call-1');
    await firstCall.executeUpdate(cancelMeetingUpdate, { args: [{ reason: 'The lead went quiet' }] });
    await closeLead(suite.env.client, first.workflowId, {
      outcome: 'lost',
      reason: 'Went quiet',
      by: 'bizdev@example.com',
    });
    await leadHandle(suite.env.client, first.workflowId).result();

    const second = await startLead(suite.env.client, contact, { taskQueue });
    expect(second.existing).toBe(false);
    await bookIn(second.workflowId, 72);
    await suite.env.sleep(24 * HOUR_MS + HOUR_MS);
    const reminders = await eventually(outbox, (mails) => mails.length === 2);
    expect(new Set(reminders.map((mail) => mail.messageId)).size).toBe(2);
    expect(reminders.every((mail) => mail.to[0] === 'bizdev@example.com')).toBe(true);
  }));
