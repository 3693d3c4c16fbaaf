import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getLeadState, leadHandle, startLead } from '../../client/lifecycle';
import { DAY_MS } from '../../rules/durations';
import type { GateRequest } from '../../workflows/gates';
import { runCliWith } from '../support/cli';
import { aLead, BY, hederaScores, msBrownScores } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';

const suite = testServer('shared', startDevServer, 'cli-edges');

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliWith(suite.env.client, args, { env });
const gate = (lead: string, request: Omit<GateRequest, 'by'>) =>
  cli(['gate', lead, request.stage, '--by', BY, '--evidence', JSON.stringify(request.evidence)]);

/** A folder standing in for wherever the user typed `npm run cli -- ...` (npm passes it on as INIT_CWD). */
let callerDir: string;
beforeAll(async () => {
  callerDir = await mkdtemp(path.join(tmpdir(), 'caller-'));
});
afterAll(async () => {
  await rm(callerDir, { recursive: true, force: true });
});

test('--recording ./file is found in the folder the command was typed in, not the project root', () =>
  suite.run(async (taskQueue) => {
    const { lead, workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    // Typed inside the worker's recordings folder (RECORDING_SOURCE_DIR), where a recording may come from.
    const typedIn = await mkdtemp(path.join(suite.adapters.dir, 'caller-'));
    await writeFile(path.join(typedIn, 'intro.mp4'), Buffer.alloc(1024, 1));
    const run = await cli(
      [
        '--json',
        'meeting-done',
        lead.email,
        '--title',
        'Intro call',
        '--by',
        'sam@example.com',
        '--next-step',
        'Send the requirements',
        '--recording',
        './intro.mp4',
      ],
      { INIT_CWD: typedIn, RECORDING_SOURCE_DIR: suite.adapters.dir },
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ recording: { source: path.join(typedIn, 'intro.mp4') } });
    const state = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (s) => s.meetings[0]?.recording?.status !== 'moving',
    );
    expect(state.meetings[0].recording?.status).toBe('stored');
  }));

test('import: a malformed CSV row is rejected on its own (exit 2), and errors name the CSV column', () =>
  suite.run(async (taskQueue) => {
    const [first, second, third] = [aLead(), aLead(), aLead()];
    await writeFile(
      path.join(callerDir, 'leads.csv'),
      [
        'name,organisation,email,label,source',
        `Ana Silva,Acme Academy,${first.email},acme,conference`,
        `Bo Berg,Berg AB,${second.email},berg,website,one value too many`,
        `Cy Young,Young Ltd,${third.email},Young Ltd,website`,
      ].join('\n'),
    );
    const run = await runCliWith(suite.env.client, ['--task-queue', taskQueue, 'import', 'leads.csv'], {
      env: { INIT_CWD: callerDir },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`[1/3] lead-${first.email}: started for Ana Silva`);
    expect(run.stdout).toContain('[2/3] rejected: Unreadable row: line 3: has 6 values but the header has 5 columns');
    expect(run.stdout).toContain('[3/3] rejected: Invalid lead: label: must be lowercase letters');
    expect(run.stdout).toContain('1 of 3 leads imported, 2 rejected');
    await expect(leadHandle(suite.env.client, second.email).describe()).rejects.toThrow();
  }));

test('start for a running lead with different details says which were ignored', () =>
  suite.run(async (taskQueue) => {
    const { lead } = await startLead(suite.env.client, aLead(), { taskQueue });
    const run = await cli([
      '--task-queue',
      taskQueue,
      'start',
      '--name',
      'Jim Hedera',
      '--organisation',
      lead.organisation,
      '--email',
      lead.email,
      '--label',
      'hedera-uni',
      '--source',
      lead.source,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('already running');
    expect(run.stdout).toContain(
      'ignored, as the lead is already running: --name "Jim Hedera" (the lead has "Jimmy Hedera"); --label "hedera-uni" (the lead has "hedera")',
    );
    expect(run.stdout).not.toContain('--organisation');
  }));

test('a gate says why the lead moved; status shows the plan and the maintenance tier; lose explains held invoices', () =>
  suite.run(async (taskQueue) => {
    const { lead } = await startLead(suite.env.client, aLead({ source: 'conference' }), { taskQueue });
    const qualified = await gate(lead.email, {
      stage: 'prospect-qualification',
      evidence: { scores: hederaScores, responsive: true },
    });
    expect(qualified.code).toBe(0);
    expect(qualified.stdout).toContain('is now in Assess Needs');
    expect(qualified.stdout).toMatch(/Score: +24\/28, High priority\n/);
    expect(qualified.stdout).toMatch(/Why: +High priority and responsive: a serious prospect/);

    const assessed = await gate(lead.email, {
      stage: 'assess-needs',
      evidence: {
        challenges: 'SSO',
        valueProposition: 'Open edX experts',
        requirements: 'SAML SSO',
        decisionProcess: 'The provost signs',
        competitors: 'Moodle',
        scores: { ...hederaScores, need: 2 },
      },
    });
    expect(assessed.stdout).toMatch(/Score: +26\/28, High priority \(qualified with 24\)/);

    const blueprinted = await gate(lead.email, {
      stage: 'blueprint',
      evidence: {
        blueprintUrl: 'https://docs.example.com/blueprint',
        estimatedHours: 12,
        discoveryDeveloper: 'dev@example.com',
        smallProject: { option: 'development', developmentHours: 12 },
      },
    });
    expect(blueprinted.stdout).toMatch(/Plan: +Small project: up to 12 hours of development/);

    const proposed = await gate(lead.email, {
      stage: 'proposal',
      evidence: {
        proposalUrl: 'https://proposals.example.com/p',
        pricing: { pricing: 'fixed', estimatedHours: 12, discoveryHours: 0, discoveryBilled: false },
      },
    });
    expect(proposed.stdout).toMatch(/Deal: +fixed price, 12 h/);

    const closed = await gate(lead.email, {
      stage: 'close',
      evidence: {
        proposalAccepted: true,
        onboardingComplete: true,
        kickoffHeld: true,
        communicationSet: true,
        epicsScheduled: true,
        depositRequired: false,
        isNewClient: true,
        maintenance: { users: 5000, instances: 2 },
      },
    });
    expect(closed.stdout).toContain('is now in Development');
    expect(closed.stdout).toMatch(/Maintenance: tier 2, 2 instances x 11 h = 22 h a month/);
    expect(closed.stdout).toContain('5000 users is more than 1000');

    const status = await cli(['status', lead.email]);
    expect(status.stdout).toMatch(/Maintenance: +tier 2, 2 instances x 11 h = 22 h a month/);
    expect(status.stdout).toMatch(/Plan: +Small project: up to 12 hours of development/);

    await gate(lead.email, { stage: 'development', evidence: { completed: 'project' } });
    const drafted = await eventually(
      () => getLeadState(suite.env.client, lead.email),
      (s) => s.billing.pending.length > 0,
    );
    const invoiceId = drafted.billing.pending[0].invoiceId;
    const held = await cli(['invoice', lead.email, invoiceId, '--by', 'admin@example.com', '--changes', 'Wrong hours']);
    expect(held.code).toBe(0);

    const lose = await cli(['lose', lead.email, '--reason', 'Walked away', '--by', BY]);
    expect(lose.code).toBe(2);
    expect(lose.stderr).toContain(`${invoiceId} is held for changes (Wrong hours)`);
    expect(lose.stderr).toContain('Holding an invoice does not settle it: approve each one');
    expect(lose.stderr).not.toContain('approve or hold');
    expect((await getLeadState(suite.env.client, lead.email)).stage).toBe('billing');

    await cli(['invoice', lead.email, invoiceId, '--by', 'admin@example.com', '--approve']);
    const won = await cli(['end', lead.email, '--outcome', 'won', '--reason', 'Contract ended well', '--by', BY]);
    expect(won).toMatchObject({ code: 0, stdout: `${lead.email}: Won (Contract ended well)\n` });
  }));

test('a Low lead: the gate says it went to Nurture, why, and when it is re-checked', () =>
  suite.run(async (taskQueue) => {
    const { lead } = await startLead(suite.env.client, aLead(), { taskQueue });
    const run = await gate(lead.email, {
      stage: 'prospect-qualification',
      evidence: { scores: msBrownScores, responsive: true },
    });
    expect(run.stdout).toContain('is now in Nurture');
    expect(run.stdout).toMatch(/Score: +4\/28, Low priority/);
    expect(run.stdout).toMatch(/Why: +Low priority: pursue if time allows/);
    expect(run.stdout).toMatch(/Re-check: \d{4}-\d\d-\d\d/);
  }));

test('list --source and --idle filter like the Web UI', () =>
  suite.run(async (taskQueue) => {
    const community = await startLead(suite.env.client, aLead({ source: 'community' }), {
      taskQueue,
      // Idle after a second in Prospect Qualification, so the flag is set while the test waits.
      idleDays: { 'prospect-qualification': 1000 / DAY_MS },
    });
    const website = await startLead(suite.env.client, aLead({ source: 'website' }), { taskQueue });
    const list = async (...filters: string[]) =>
      (JSON.parse((await cli(['--json', 'list', ...filters])).stdout) as { workflowId: string }[]).map(
        (lead) => lead.workflowId,
      );
    const idle = await eventually(
      () => list('--idle'),
      (ids) => ids.includes(community.workflowId),
    );
    expect(idle).toContain(community.workflowId);
    expect(idle).not.toContain(website.workflowId);
    const bySource = await eventually(
      () => list('--source', 'website'),
      (ids) => ids.includes(website.workflowId),
    );
    expect(bySource).toContain(website.workflowId);
    expect(bySource).not.toContain(community.workflowId);

    const readable = await cli(['list', '--source', 'community', '--idle']);
    expect(readable.stdout).toMatch(new RegExp(`${community.workflowId.replace(/[.]/g, '\\.')} .* community .* idle`));
    const unknown = await cli(['list', '--source', 'fax']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("argument 'fax' is invalid");
  }));
