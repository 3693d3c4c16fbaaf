import { timeSkippingServerPerTest } from '../support/test-server';
import { completeGate, getLeadState, leadHandle, scheduleFollowUp, startLead } from '../../client/lifecycle';
import { LEAD_IDLE } from '../../workflows/search-attributes';
import { aLead, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';

const suite = timeSkippingServerPerTest('idle');
const { run, outbox } = suite;

const idleWarnings = async () => (await outbox()).filter((mail) => mail.subject.includes('has had no activity'));

describe('idle leads', () => {
  test('a stage untouched for its limit flags the lead and warns the owner once; the next move clears it', () =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      await completeGate(suite.env.client, workflowId, gatesToBilling[0]);

      await suite.env.sleep('20 days');
      expect((await getLeadState(suite.env.client, workflowId)).idle).toBeUndefined();
      expect(await idleWarnings()).toHaveLength(0);

      await suite.env.sleep('2 days');
      const flagged = await eventually(
        () => getLeadState(suite.env.client, workflowId),
        (state) => state.idle !== undefined,
      );
      expect(flagged.idle).toMatchObject({ stage: 'assess-needs', idleDays: 21 });
      const description = await leadHandle(suite.env.client, workflowId).describe();
      expect(description.typedSearchAttributes.get(LEAD_IDLE)).toBe(true);
      const warnings = await idleWarnings();
      expect(warnings).toHaveLength(1);
      expect(warnings[0].to).toEqual(['bizdev@example.com']);

      await suite.env.sleep('30 days');
      expect(await idleWarnings()).toHaveLength(1);

      const moved = await completeGate(suite.env.client, workflowId, gatesToBilling[1]);
      expect(moved.idle).toBeUndefined();
    }));

  test('the idle limit is configurable per stage', () =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), {
        taskQueue,
        idleDays: { 'prospect-qualification': 2 },
      });
      await suite.env.sleep('3 days');
      const state = await eventually(
        () => getLeadState(suite.env.client, workflowId),
        (s) => s.idle !== undefined,
      );
      expect(state.idle).toMatchObject({ stage: 'prospect-qualification', idleDays: 2 });
    }));
});

test('continue-as-new keeps the state, the stage history and the pending follow-up timer', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue, continueAsNewAfterEvents: 40 });
    const handle = leadHandle(suite.env.client, workflowId);
    const firstRun = (await handle.describe()).runId;
    await completeGate(suite.env.client, workflowId, gatesToBilling[0]);
    const followUp = await scheduleFollowUp(suite.env.client, workflowId, {
      reason: 'Chase the SSO details',
      inDays: 10,
    });
    for (let i = 0; i < 8; i++)
      await scheduleFollowUp(suite.env.client, workflowId, { reason: `Filler ${i}`, inDays: 200 });

    const handedOver = await eventually(
      () => handle.describe(),
      (description) => description.runId !== firstRun,
    );
    expect(handedOver.runId).not.toBe(firstRun);
    const state = await getLeadState(suite.env.client, workflowId);
    expect(state.stage).toBe('assess-needs');
    expect(state.history.map((record) => record.stage)).toEqual([
      'generating-leads',
      'prospect-qualification',
      'assess-needs',
    ]);
    expect(state.rubric?.total).toBe(24);

    await suite.env.sleep('11 days');
    const reminders = await eventually(outbox, (mails) => mails.some((mail) => mail.subject.includes('follow up')));
    expect(reminders.filter((mail) => mail.subject.includes('follow up'))).toHaveLength(1);
    const after = await getLeadState(suite.env.client, workflowId);
    expect(after.followUps.find((f) => f.id === followUp.id)?.reminders).toBe(1);
  }));
