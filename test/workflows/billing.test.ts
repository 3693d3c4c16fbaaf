import { timeSkippingServerPerTest } from '../support/test-server';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { invoicesMade, RECENT_RECORDS_KEPT } from '../../workflows/carried-state';
import type { GateRequest } from '../../workflows/gates';
import { closeLead, completeGate, getLeadState, leadHandle } from '../../client/lifecycle';
import {
  approveInvoice,
  closeAsClient as closeAsClientOn,
  fixedProposal as proposal,
  iterativeProposal,
  nextInvoice as nextInvoiceOn,
} from '../support/clients';
import { reviewInvoiceUpdate } from '../../workflows/messages';
import { updateRejection } from '../support/errors';
import { eventually } from '../support/poll';
import { DAY_MS } from '../../rules/durations';

const suite = timeSkippingServerPerTest('billing');
const { run, outbox } = suite;

const closeAsClient = (taskQueue: string, proposalGate: GateRequest, closeEvidence = {}, continueAsNewAfter?: number) =>
  closeAsClientOn(suite, taskQueue, proposalGate, closeEvidence, continueAsNewAfter);
const nextInvoice = (workflowId: string, invoicesBefore: number) => nextInvoiceOn(suite, workflowId, invoicesBefore);
const approve = (workflowId: string, invoiceId: string) => approveInvoice(suite, workflowId, invoiceId);

test('an iterative client: the month is invoiced from its work logs, held for review, then sent', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(taskQueue, iterativeProposal);
    const { billing } = await getLeadState(suite.env.client, workflowId);
    const month = new Date(Date.parse(billing.nextRunAt ?? '') - DAY_MS).toISOString().slice(0, 7);
    await writeFile(
      path.join(suite.adapters.dir, 'worklogs.jsonl'),
      [
        { client: 'hedera', date: `${month}-03`, hours: 30, description: 'SSO integration' },
        { client: 'hedera', date: `${month}-17`, hours: 15.5, description: 'Showcase pages' },
        { client: 'other', date: `${month}-17`, hours: 99, description: 'Not this client' },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );

    const drafted = await nextInvoice(workflowId, 0);
    expect(drafted.stage).toBe('billing');
    const [pending] = drafted.billing.pending;
    expect(pending).toMatchObject({ totalHours: 45.5, overBudgetByHours: 5.5 });
    expect(pending.invoiceId).toMatch(new RegExp(`^INV-hedera-${month}-[0-9a-f]{12}$`));
    expect(await readFile(pending.location, 'utf8')).toContain('"totalHours": 45.5');
    expect(await readFile(pending.location.replace(/\.json$/, '.txt'), 'utf8')).toMatch(/Total +45\.50 h/);

    const warning = (await outbox()).find((mail) => mail.subject.startsWith('Budget passed'));
    expect(warning?.to).toEqual(['dev@example.com']);
    expect(warning?.subject).toContain('45.5 of 40 h');
    expect((await outbox()).some((mail) => mail.subject.startsWith('Invoice for'))).toBe(false);

    const sent = await approve(workflowId, pending.invoiceId);
    expect(sent.stage).toBe('development');
    expect(sent.billing.sent).toEqual([
      expect.objectContaining({ invoiceId: pending.invoiceId, approvedBy: 'admin@example.com' }),
    ]);
    const invoiceMail = (await outbox()).find((mail) => mail.subject.startsWith('Invoice for'));
    expect(invoiceMail?.to).toEqual([sent.lead.email]);
    expect(invoiceMail?.cc).toEqual(['help+hedera@example.com', 'dev@example.com']);
    expect(invoiceMail?.text).toMatch(/Total +45\.50 h/);
  }));

test('a review naming no waiting invoice is rejected, and changes requested keep it waiting', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(taskQueue, iterativeProposal);
    const drafted = await nextInvoice(workflowId, 0);
    const handle = leadHandle(suite.env.client, workflowId);
    const message = await updateRejection(
      handle.executeUpdate(reviewInvoiceUpdate, {
        args: [{ invoiceId: 'INV-nope', approved: true, by: 'admin@example.com' }],
      }),
    );
    expect(message).toContain("invoiceId: no invoice 'INV-nope' is waiting for review");
    const closing = await updateRejection(
      closeLead(suite.env.client, workflowId, { outcome: 'lost', reason: 'Budget cut', by: 'bizdev@example.com' }),
    );
    expect(closing).toContain('outcome: invoices still wait for review');
    const held = await handle.executeUpdate(reviewInvoiceUpdate, {
      args: [
        {
          invoiceId: drafted.billing.pending[0].invoiceId,
          approved: false,
          by: 'admin@example.com',
          note: 'Split SSO hours',
        },
      ],
    });
    expect(held.billing.pending[0]).toMatchObject({ status: 'changes-requested', note: 'Split SSO hours' });
    expect(held.stage).toBe('billing');
  }));

test('a fixed-price project is invoiced on its completion gate and Won once the invoice is sent', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(taskQueue, proposal);
    await completeGate(suite.env.client, workflowId, {
      stage: 'development',
      by: 'dev@example.com',
      evidence: { completed: 'project' },
    });
    const drafted = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (s) => s.billing.pending.length > 0,
    );
    const [final] = drafted.billing.pending;
    expect(final.invoiceId).toMatch(/^INV-hedera-final-[0-9a-f]{12}$/);
    expect(final.totalHours).toBe(332);
    const done = await approve(workflowId, final.invoiceId);
    expect(done.stage).toBe('won');
    expect((await leadHandle(suite.env.client, workflowId).result()).billing.sent).toHaveLength(1);
  }));

test('a three-year maintenance client: 36 monthly invoices, none twice, across continue-as-new', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(taskQueue, proposal, { maintenance: { users: 1500, instances: 2 } }, 150);
    const handle = leadHandle(suite.env.client, workflowId);
    const firstRun = (await handle.describe()).runId;
    // A tiny history budget makes the workflow hand over to a new run many times during the simulation.
    for (let month = 1; month <= 36; month++) {
      const state = await nextInvoice(workflowId, month - 1);
      const [pending] = state.billing.pending;
      expect(pending.totalHours).toBe(22);
      await approve(workflowId, pending.invoiceId);
    }
    const state = await getLeadState(suite.env.client, workflowId);
    // The last year of invoices is carried from run to run; the earlier ones are counted, and kept in their runs.
    const ids = state.billing.sent.map((invoice) => invoice.invoiceId);
    expect(ids).toHaveLength(RECENT_RECORDS_KEPT);
    expect(new Set(ids).size).toBe(RECENT_RECORDS_KEPT);
    expect(invoicesMade(state)).toBe(36);
    expect(state.billingCycles).toBe(36);
    expect(state.deal?.maintenance).toMatchObject({ tier: 2, monthlyHours: 22 });
    expect(state.history).toHaveLength(RECENT_RECORDS_KEPT);
    expect(state.archived?.history).toBeGreaterThan(0);
    expect((await handle.describe()).runId).not.toBe(firstRun);
    const invoiceMails = (await outbox()).filter((mail) => mail.subject.startsWith('Invoice for'));
    expect(invoiceMails).toHaveLength(36);
  }));
