import { timeSkippingServerPerTest } from '../support/test-server';
import {
  completeFollowUp,
  completeGate,
  leadHandle,
  reportMeeting,
  scheduleFollowUp,
  startLead,
} from '../../client/lifecycle';
import { eventually } from '../support/poll';
import { openFollowUpsQuery, rescheduleFollowUpUpdate } from '../../workflows/messages';
import { updateRejection } from '../support/errors';
import { aLead, gatesToBilling, msBrownScores } from '../support/leads';
import { DAY_MS } from '../../rules/durations';
import { FOLLOW_UP_OVERDUE } from '../../workflows/search-attributes';

const suite = timeSkippingServerPerTest('follow-ups');
const { run, outbox } = suite;
const OWNER = 'bizdev@example.com';

test('a week with no gate moved: the owner is reminded once and the follow-up rolls a week forward', () =>
  run(async (taskQueue) => {
    const { workflowId, lead } = await startLead(suite.env.client, aLead(), { taskQueue });
    const followUp = await scheduleFollowUp(suite.env.client, workflowId, {
      reason: 'Check in after the intro meeting',
      inDays: 7,
    });
    expect(followUp).toMatchObject({ owner: OWNER, reminders: 0 });

    await suite.env.sleep('6 days');
    expect(await outbox()).toHaveLength(0);

    await suite.env.sleep('2 days');
    const sent = await outbox();
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toEqual([OWNER]);
    expect(sent[0].subject).toContain(`follow up with ${lead.name} (${lead.organisation})`);
    const [rolled] = await leadHandle(suite.env.client, workflowId).query(openFollowUpsQuery);
    expect(rolled.reminders).toBe(1);
    expect(Date.parse(rolled.dueAt) - Date.parse(followUp.dueAt)).toBe(7 * DAY_MS);
  }));

test("a meeting's follow-up is settled by the next gate: no reminder when the lead moves before it falls due", () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    await reportMeeting(suite.env.client, workflowId, {
      title: 'Intro call',
      by: OWNER,
      nextSteps: ['Rubric answers'],
    });
    await suite.env.sleep('3 days');
    await completeGate(suite.env.client, workflowId, gatesToBilling[0]);
    await suite.env.sleep('10 days');
    const reminders = (await outbox()).filter((mail) => mail.subject.startsWith('Reminder: follow up'));
    expect(reminders).toHaveLength(0);
    expect(await leadHandle(suite.env.client, workflowId).query(openFollowUpsQuery)).toEqual([]);
  }));

test('a follow-up set by hand survives a gate and reminds its owner on its own date', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const byHand = await scheduleFollowUp(suite.env.client, workflowId, { reason: 'Ask about the budget', inDays: 30 });
    await suite.env.sleep('3 days');
    await completeGate(suite.env.client, workflowId, gatesToBilling[0]);
    expect(await leadHandle(suite.env.client, workflowId).query(openFollowUpsQuery)).toMatchObject([
      { id: byHand.id, reason: 'Ask about the budget', dueAt: byHand.dueAt },
    ]);
    await suite.env.sleep('28 days');
    const isReminder = (mail: { subject: string }) => mail.subject.startsWith('Reminder: follow up');
    const mails = await eventually(outbox, (sent) => sent.some(isReminder));
    expect(mails.filter(isReminder).map((mail) => mail.to[0])).toEqual([OWNER]);
  }));

test('a follow-up marked done sends no reminder; an unknown one is rejected naming those open', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const followUp = await scheduleFollowUp(suite.env.client, workflowId, { reason: 'Send the quote', inDays: 7 });
    const unknown = await updateRejection(
      completeFollowUp(suite.env.client, workflowId, { id: 'follow-up-9', by: OWNER }),
    );
    expect(unknown).toContain(`id: no open follow-up 'follow-up-9' (open: ${followUp.id})`);
    const done = await completeFollowUp(suite.env.client, workflowId, { id: followUp.id, by: OWNER });
    expect(done).toMatchObject({ id: followUp.id, done: true });
    await suite.env.sleep('8 days');
    expect(await outbox()).toHaveLength(0);
    expect(await leadHandle(suite.env.client, workflowId).query(openFollowUpsQuery)).toEqual([]);
  }));

test('a changed due date re-arms the timer', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const followUp = await scheduleFollowUp(suite.env.client, workflowId, { reason: 'Send the quote', inDays: 7 });
    const sooner = new Date(Date.parse(followUp.createdAt) + 2 * DAY_MS).toISOString();
    await leadHandle(suite.env.client, workflowId).executeUpdate(rescheduleFollowUpUpdate, {
      args: [{ id: followUp.id, dueAt: sooner }],
    });
    await suite.env.sleep('3 days');
    expect(await outbox()).toHaveLength(1);
  }));

test('a follow-up needs a reason and exactly one due date', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const message = await updateRejection(
      scheduleFollowUp(suite.env.client, workflowId, { reason: ' ', inDays: 7, dueAt: '2027-01-01T00:00:00Z' }),
    );
    expect(message).toContain('reason: is required');
    expect(message).toContain('dueAt: give exactly one of dueAt or inDays');
  }));

test('a nurtured lead gets a re-check reminder every 90 days', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    await completeGate(suite.env.client, workflowId, {
      stage: 'prospect-qualification',
      by: OWNER,
      evidence: { scores: msBrownScores, responsive: true },
    });
    await suite.env.sleep('91 days');
    expect(await outbox()).toHaveLength(1);
    await suite.env.sleep('88 days');
    expect(await outbox()).toHaveLength(1);
    await suite.env.sleep('2 days');
    expect(await outbox()).toHaveLength(2);
    const [recheck] = await leadHandle(suite.env.client, workflowId).query(openFollowUpsQuery);
    expect(recheck.reminders).toBe(2);
  }));

test('a follow-up due in the past is rejected instead of firing at once', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const message = await updateRejection(
      scheduleFollowUp(suite.env.client, workflowId, { reason: 'Typo in the year', dueAt: '2025-01-01T09:00:00Z' }),
    );
    expect(message).toContain('dueAt: must be in the future');
    expect(await leadHandle(suite.env.client, workflowId).query(openFollowUpsQuery)).toEqual([]);
  }));

test('a reminded follow-up marks the lead overdue (FollowUpOverdue) until someone settles it', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const handle = leadHandle(suite.env.client, workflowId);
    const overdue = async () => (await handle.describe()).typedSearchAttributes.get(FOLLOW_UP_OVERDUE);
    const followUp = await scheduleFollowUp(suite.env.client, workflowId, { reason: 'Send the quote', inDays: 7 });
    expect(await overdue()).toBe(false);

    await suite.env.sleep('8 days');
    await eventually(overdue, (flag) => flag === true);

    await completeFollowUp(suite.env.client, workflowId, { id: followUp.id, by: OWNER });
    expect(await overdue()).toBe(false);
  }));
