import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { changeMaintenance, getLeadState } from '../../client/lifecycle';
import { closeAsClient, fixedProposal, nextInvoice } from '../support/clients';
import { updateRejection } from '../support/errors';
import { timeSkippingServerPerTest } from '../support/test-server';
import { DAY_MS } from '../../rules/durations';

/** 001: a client's maintenance tier follows its infrastructure; one too large for a contract is billed hourly. */
const suite = timeSkippingServerPerTest('maintenance-changes');
const { run } = suite;
const ADMIN = 'admin@example.com';

test('an infrastructure grown to three dedicated instances moves the client to tier 2 from the next invoice', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(suite, taskQueue, fixedProposal, { maintenance: { users: 300 } });
    expect((await getLeadState(suite.env.client, workflowId)).deal?.maintenance).toMatchObject({ tier: 1 });

    const changed = await changeMaintenance(suite.env.client, workflowId, {
      change: 'tier',
      by: ADMIN,
      maintenance: { users: 300, instances: 3, deployment: 'dedicated' },
    });
    expect(changed.deal?.maintenance).toMatchObject({ tier: 2, instances: 3, monthlyHours: 33 });
    expect(changed.notes.at(-1)?.text).toMatch(
      /^Maintenance changed from tier 1 .* to tier 2 \(3 × 11 h = 33 h a month/,
    );

    const drafted = await nextInvoice(suite, workflowId, 0);
    expect(drafted.billing.pending[0].lines).toEqual([{ label: 'Maintenance: tier 2, 3 instances × 11 h', hours: 33 }]);
  }));

test('a client too large for a contract is billed hourly from its work logs', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(suite, taskQueue, fixedProposal, { maintenance: { users: 5000 } });
    await changeMaintenance(suite.env.client, workflowId, {
      change: 'hourly',
      by: ADMIN,
      reason: 'Forty instances across three clusters: no contract size fits',
    });
    const { billing } = await getLeadState(suite.env.client, workflowId);
    const month = new Date(Date.parse(billing.nextRunAt ?? '') - DAY_MS).toISOString().slice(0, 7);
    await writeFile(
      path.join(suite.adapters.dir, 'worklogs.jsonl'),
      [
        { client: 'hedera', date: `${month}-04`, hours: 18, description: 'Cluster upgrade' },
        { client: 'hedera', date: `${month}-20`, hours: 9.5, description: 'Emergency restore' },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const drafted = await nextInvoice(suite, workflowId, 0);
    expect(drafted.billing.pending[0]).toMatchObject({
      totalHours: 27.5,
      lines: [{ label: 'Hourly work: 2 work logs', hours: 27.5 }],
    });
  }));

test('only a client has maintenance to change, and a bad tier is named', () =>
  run(async (taskQueue) => {
    const workflowId = await closeAsClient(suite, taskQueue, fixedProposal);
    const badTier = await updateRejection(
      changeMaintenance(suite.env.client, workflowId, {
        change: 'tier',
        by: ADMIN,
        maintenance: { override: 3 as never },
      }),
    );
    expect(badTier).toContain('maintenance.override: must be tier 1 or 2');
    expect((await getLeadState(suite.env.client, workflowId)).deal?.maintenance).toBeUndefined();
  }));
