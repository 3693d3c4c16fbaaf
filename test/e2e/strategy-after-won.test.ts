import { completeGate, getLeadState, leadHandle, reviewInvoice, startLead } from '../../client/lifecycle';
import { describeStrategySchedule } from '../../client/schedules';
import type { GateRequest } from '../../workflows/gates';
import { aLead, gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';

const suite = testServer('each test', startDevServer, 'strategy-after-won');

test('a fixed-price project delivered and billed ends as Won, and the client keeps its quarterly strategy reviews', () =>
  suite.run(async (taskQueue) => {
    const { client } = suite.env;
    const { workflowId } = await startLead(client, aLead(), { taskQueue });
    const close = gatesToBilling[4] as Extract<GateRequest, { stage: 'close' }>;
    for (const gate of gatesToBilling.slice(0, 4)) await completeGate(client, workflowId, gate);
    await completeGate(client, workflowId, { ...close, evidence: { ...close.evidence, clientEpic: true } });
    const scheduled = await eventually(
      () => getLeadState(client, workflowId),
      (state) => state.strategySchedule !== undefined,
    );
    const scheduleId = scheduled.strategySchedule?.scheduleId ?? '';

    await completeGate(client, workflowId, gatesToBilling[5]);
    const drafted = await eventually(
      () => getLeadState(client, workflowId),
      (state) => state.billing.pending.length > 0,
    );
    await reviewInvoice(client, workflowId, {
      invoiceId: drafted.billing.pending[0].invoiceId,
      approved: true,
      by: 'admin@example.com',
    });
    const won = await leadHandle(client, workflowId).result();
    expect(won.stage).toBe('won');
    expect(won.strategySchedule).toEqual({ scheduleId, status: 'active' });
    expect(await describeStrategySchedule(client, scheduleId)).toMatchObject({ organisation: 'Hedera University' });
  }));
