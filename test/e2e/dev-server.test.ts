import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { leadHandle, listLeads, startLead, type LeadFilter, type LeadSummary } from '../../client/lifecycle';
import { gateSignal, stageQuery } from '../../workflows/messages';
import { runCliWith } from '../support/cli';
import { affogatoScores, aLead, BY, hederaScores } from '../support/leads';
import { testServer } from '../support/test-server';
import { startDevServer } from '../support/servers';

const suite = testServer('shared', startDevServer, 'e2e');

/** Visibility is eventually consistent: poll a bounded number of times for the expected rows. */
async function listUntil(filter: LeadFilter, expected: (leads: LeadSummary[]) => boolean): Promise<LeadSummary[]> {
  let leads: LeadSummary[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    leads = await listLeads(suite.env.client, filter);
    if (expected(leads)) return leads;
    await sleep(200);
  }
  return leads;
}

test('on the dev server, a gate sent as a signal is seen by the next query', () => {
  return suite.run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const handle = leadHandle(suite.env.client, workflowId);
    await handle.signal(gateSignal, {
      stage: 'prospect-qualification',
      by: BY,
      evidence: { scores: hederaScores, responsive: true },
    });
    expect(await handle.query(stageQuery)).toBe('assess-needs');
  });
});

describe('the CLI against the dev server', () => {
  test('start, gate, status and list: the lead is filterable by stage and priority, as in the Web UI', () => {
    return suite.run(async (taskQueue) => {
      const lead = aLead({ organisation: 'Affogato International' });
      const q = ['--task-queue', taskQueue];
      const started = await runCliWith(suite.env.client, [
        ...q,
        'start',
        '--name',
        lead.name,
        '--organisation',
        lead.organisation,
        '--email',
        lead.email,
        '--label',
        'affogato',
        '--source',
        'website',
      ]);
      expect(started).toMatchObject({ code: 0, stderr: '' });
      expect(started.stdout).toContain('started for Jimmy Hedera (Affogato International)');

      const again = await runCliWith(suite.env.client, [
        ...q,
        '--json',
        'start',
        '--name',
        'J',
        '--organisation',
        'A',
        '--email',
        lead.email,
        '--label',
        'affogato',
        '--source',
        'website',
      ]);
      expect(JSON.parse(again.stdout)).toMatchObject({ existing: true });

      const gate = await runCliWith(suite.env.client, [
        'gate',
        lead.email,
        'Prospect Qualification',
        '--by',
        BY,
        '--evidence',
        JSON.stringify({ scores: affogatoScores, responsive: true }),
      ]);
      expect(gate).toMatchObject({ code: 0, stdout: expect.stringContaining('now in Assess Needs') });

      const status = await runCliWith(suite.env.client, ['status', lead.email]);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/Stage: +Assess Needs/);
      expect(status.stdout).toMatch(/Priority: +Medium \(14\/28\)/);
      expect(status.stdout).toMatch(
        /Prospect Qualification +\d{4}-\d\d-\d\d \d\d:\d\d UTC +\d{4}-\d\d-\d\d \d\d:\d\d UTC +bizdev@example.com/,
      );

      const workflowId = `lead-${lead.email}`;
      await listUntil({ stage: 'assess-needs', priority: 'medium' }, (leads) =>
        leads.some((l) => l.workflowId === workflowId),
      );
      const listed = await runCliWith(suite.env.client, [
        '--json',
        'list',
        '--stage',
        'assess-needs',
        '--priority',
        'Medium',
      ]);
      expect(JSON.parse(listed.stdout)).toContainEqual(
        expect.objectContaining({
          workflowId,
          organisation: 'Affogato International',
          stage: 'Assess Needs',
          priority: 'Medium',
          score: 14,
        }),
      );
      const elsewhere = await runCliWith(suite.env.client, ['--json', 'list', '--stage', 'proposal']);
      expect(JSON.parse(elsewhere.stdout)).not.toContainEqual(expect.objectContaining({ workflowId }));

      const readable = await runCliWith(suite.env.client, ['list', '--priority', 'medium']);
      expect(readable.stdout).toMatch(
        new RegExp(`${workflowId.replace(/[.]/g, '\\.')} +Affogato International +Assess Needs +Medium +14`),
      );
    });
  });

  test('a rejected gate exits 2 naming the field, an unknown lead exits 3', async () => {
    await suite.run(async (taskQueue) => {
      const { lead } = await startLead(suite.env.client, aLead(), { taskQueue });
      const rejected = await runCliWith(suite.env.client, [
        'gate',
        lead.email,
        'close',
        '--by',
        BY,
        '--evidence',
        '{}',
      ]);
      expect(rejected.code).toBe(2);
      expect(rejected.stderr).toContain('gate out of order');
    });
    const missing = await runCliWith(suite.env.client, ['status', 'nobody@example.org']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no such lead');
  });

  test('import reads a CSV, reports each row and rejects the malformed one without starting it', () => {
    return suite.run(async (taskQueue) => {
      const good = aLead();
      const file = path.join(suite.adapters.dir, 'leads.csv');
      await writeFile(
        file,
        [
          'name,organisation,email,label,source,government',
          `Ana Silva,Acme Academy,${good.email},acme,conference,no`,
          'Bo,,not-an-email,acme,fax,maybe',
        ].join('\n'),
      );
      const run = await runCliWith(suite.env.client, ['--task-queue', taskQueue, 'import', file]);
      expect(run.code).toBe(2);
      expect(run.stdout).toContain(`[1/2] lead-${good.email}: started for Ana Silva (Acme Academy)`);
      expect(run.stdout).toMatch(
        /\[2\/2\] rejected: .*organisation: is required.*email: must be a valid email.*source.*government/,
      );
      expect(run.stdout).toContain('1 of 2 leads imported, 1 rejected');
      await expect(leadHandle(suite.env.client, 'not-an-email').describe()).rejects.toThrow();
    });
  });
});
