import { completeGate, getLeadState } from '../../client/lifecycle';
import type { GateRequest } from '../../workflows/gates';
import { approveInvoice, closeAsClient, fixedProposal, iterativeProposal, nextInvoice } from '../support/clients';
import { updateRejection } from '../support/errors';
import { eventually } from '../support/poll';
import { timeSkippingServerPerTest } from '../support/test-server';

/** Months worked and billed by hand, through the Development and Billing gates, beside the automatic monthly run. */
const suite = timeSkippingServerPerTest('billing-by-gate');
const { run, outbox } = suite;
const DEV = 'dev@example.com';

function monthWorked(month: string, hoursLogged: number): GateRequest {
  return { stage: 'development', by: DEV, evidence: { completed: 'month', month, hoursLogged } };
}

function billed(invoiceRef: string, hoursBilled: number): GateRequest {
  return { stage: 'billing', by: 'admin@example.com', evidence: { invoiceRef, hoursBilled } };
}

/** The month now on the server's clock, and the one before it (YYYY-MM). */
async function months(): Promise<{ current: string; previous: string; next: string }> {
  const now = new Date(await suite.env.currentTimeMs());
  const at = (offset: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
  return { current: at(0), previous: at(-1), next: at(1) };
}

test('a month is billed once: the same month or the same invoice reference again is rejected', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(suite, taskQueue, iterativeProposal);
    const { previous, current } = await months();
    await completeGate(suite.env.client, workflowId, monthWorked(previous, 30));
    await completeGate(suite.env.client, workflowId, billed('INV-7', 30));

    const again = await updateRejection(completeGate(suite.env.client, workflowId, monthWorked(previous, 30)));
    expect(again).toContain(`evidence.month: ${previous} is already billed`);

    await completeGate(suite.env.client, workflowId, monthWorked(current, 12));
    const sameRef = await updateRejection(completeGate(suite.env.client, workflowId, billed('INV-7', 12)));
    expect(sameRef).toContain("evidence.invoiceRef: 'INV-7' was already billed");
    const state = await getLeadState(suite.env.client, workflowId);
    expect(state.stage).toBe('billing');
    expect(state.billing.byGate).toEqual([expect.objectContaining({ period: previous, invoiceRef: 'INV-7' })]);
  }));

test('a month not yet begun cannot be completed', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(suite, taskQueue, iterativeProposal);
    const { next } = await months();
    const message = await updateRejection(completeGate(suite.env.client, workflowId, monthWorked(next, 10)));
    expect(message).toContain(`evidence.month: ${next} is in the future`);
    expect((await getLeadState(suite.env.client, workflowId)).stage).toBe('development');
  }));

test('a month billed by the gate is not drafted again by the monthly run, which bills the month after', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(suite, taskQueue, iterativeProposal);
    const { current } = await months();
    const before = await getLeadState(suite.env.client, workflowId);
    await completeGate(suite.env.client, workflowId, monthWorked(current, 40));
    const after = await completeGate(suite.env.client, workflowId, billed('INV-by-hand', 40));
    expect(Date.parse(after.billing.nextRunAt ?? '')).toBeGreaterThan(Date.parse(before.billing.nextRunAt ?? ''));

    const drafted = await nextInvoice(suite, workflowId, 0);
    expect(drafted.billing.pending.map((invoice) => invoice.period)).not.toContain(current);
    expect(drafted.billing.pending).toHaveLength(1);
  }));

test('hours billed by the gate over the monthly bank warn the client owner', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(suite, taskQueue, iterativeProposal);
    const { previous } = await months();
    await completeGate(suite.env.client, workflowId, monthWorked(previous, 52));
    await completeGate(suite.env.client, workflowId, billed('INV-over', 52));
    const mails = await eventually(outbox, (sent) => sent.some((mail) => mail.subject.startsWith('Budget passed')));
    const warning = mails.find((mail) => mail.subject.startsWith('Budget passed'));
    expect(warning?.to).toEqual([DEV]);
    expect(warning?.subject).toContain('52 of 40 h');
  }));

test('the billing gate cannot end a fixed-price project while its invoice waits with changes requested', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(suite, taskQueue, fixedProposal);
    await completeGate(suite.env.client, workflowId, {
      stage: 'development',
      by: DEV,
      evidence: { completed: 'project' },
    });
    const drafted = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (state) => state.billing.pending.length > 0,
    );
    const [final] = drafted.billing.pending;
    const message = await updateRejection(completeGate(suite.env.client, workflowId, billed('INV-manual', 332)));
    expect(message).toContain(`stage: invoices wait for review: ${final.invoiceId} (awaiting-review)`);
    expect((await getLeadState(suite.env.client, workflowId)).stage).toBe('billing');

    const won = await approveInvoice(suite, workflowId, final.invoiceId);
    expect(won.stage).toBe('won');
  }));
