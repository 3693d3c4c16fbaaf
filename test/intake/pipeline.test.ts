/**
 * The pipeline page and `cli funnel` over real HTTP against a real dev server and worker: leads started through the
 * intake, moved through gates, lost, nurtured, left idle and left with an overdue follow-up. The page, its JSON and
 * the CLI must show the same numbers, and those numbers must be the ones the leads' stories imply.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeLead, completeGate, getLeadState, scheduleFollowUp, startLead } from '../../client/lifecycle';
import type { PipelineReport } from '../../client/pipeline';
import { ensureChromium } from '../../scripts/chromium';
import { runCliWith } from '../support/cli';
import { aLead, BY, hederaScores, msBrownScores } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';
import { startTestIntake, type Intake } from './support';

const server = testServer('each test', startDevServer, 'pipeline');

interface Story {
  qualified: string;
  nurtured: string;
  lost: string;
  idle: string;
  overdue: string;
}

/**
 * Five leads: one qualified into Assess Needs, one nurtured (Low score), one lost, one left idle in Prospect
 * Qualification, and one whose follow-up fell due while its worker was away (so its history cannot be read either).
 */
async function tellStory(intake: Intake, taskQueue: string): Promise<Story> {
  const { client } = server.env;
  const [qualified, nurtured, lost] = [
    aLead({ name: 'Ana Qualified' }),
    aLead({ name: 'Ben Nurtured' }),
    aLead({ name: 'Cy Lost' }),
  ];
  for (const lead of [qualified, nurtured, lost]) {
    expect((await intake.post('/leads', JSON.stringify(lead))).status).toBe(201);
  }
  await completeGate(client, qualified.email, {
    stage: 'prospect-qualification',
    by: BY,
    evidence: { scores: hederaScores, responsive: true },
  });
  await completeGate(client, nurtured.email, {
    stage: 'prospect-qualification',
    by: BY,
    evidence: { scores: msBrownScores, responsive: true },
  });
  await closeLead(client, lost.email, { outcome: 'lost', reason: 'Chose an in-house build', by: BY });
  // Idle after three seconds in Prospect Qualification.
  const idle = aLead({ name: 'Dee Idle' });
  await startLead(client, idle, { taskQueue, idleDays: { 'prospect-qualification': 3 / 86_400 } });
  // Served by a worker that then goes away: its follow-up falls due with nobody to send the reminder.
  const overdue = aLead({ name: 'Eve Overdue' });
  const dueAt = await server.run(async (otherQueue) => {
    await startLead(client, overdue, { taskQueue: otherQueue });
    const followUp = await scheduleFollowUp(client, overdue.email, {
      reason: 'Call back',
      dueAt: new Date(Date.now() + 4_000).toISOString(),
    });
    return Date.parse(followUp.dueAt);
  });
  const flagged = await eventually(
    () => getLeadState(client, idle.email),
    (state) => state.idle !== undefined,
  );
  expect(flagged.idle?.stage).toBe('prospect-qualification');
  await sleep(Math.max(0, dueAt - Date.now() + 500));
  return {
    qualified: `lead-${qualified.email}`,
    nurtured: `lead-${nurtured.email}`,
    lost: `lead-${lost.email}`,
    idle: `lead-${idle.email}`,
    overdue: `lead-${overdue.email}`,
  };
}

/** The numbers, without what depends on the second they were asked (durations, the end of the period). */
function numbers(report: PipelineReport) {
  return {
    leads: report.leads,
    funnel: report.funnel.map(({ stage, current, reached, conversionToNext }) => ({
      stage,
      current,
      reached,
      conversionToNext,
    })),
    outcomes: report.outcomes,
    withoutHistory: report.withoutHistory,
    overdue: report.overdueFollowUps.map((lead) => lead.workflowId),
    idle: report.idleLeads.map((lead) => lead.workflowId),
  };
}

async function withIntake<T>(body: (intake: Intake, taskQueue: string) => Promise<T>): Promise<T> {
  return server.run(async (taskQueue) => {
    const intake = await startTestIntake(server.env.client, taskQueue, { signing: 'off' });
    try {
      return await body(intake, taskQueue);
    } finally {
      await intake.close();
    }
  });
}

test('the pipeline page, its JSON and `cli funnel` show the funnel, outcomes, time in stage, overdue and idle leads', () =>
  withIntake(async (intake, taskQueue) => {
    const story = await tellStory(intake, taskQueue);
    const json = await intake.get('/pipeline.json');
    expect(json.status).toBe(200);
    const report = JSON.parse(json.text) as PipelineReport;
    const row = (stage: string) => report.funnel.find((entry) => entry.stage === stage);

    expect(report.leads).toBe(5);
    expect(report.outcomes).toEqual({ won: 0, lost: 1, declined: 0, nurture: 1 });
    expect(row('generating-leads')).toMatchObject({ current: 0, reached: 5, conversionToNext: 1 });
    expect(row('prospect-qualification')).toMatchObject({ current: 2, reached: 5, conversionToNext: 0.2 });
    expect(row('assess-needs')).toMatchObject({ current: 1, reached: 1, conversionToNext: 0 });
    expect(row('blueprint')).toMatchObject({ current: 0, reached: 0, conversionToNext: null, medianDays: null });
    // Four histories were read (the overdue lead's worker is gone): four visits to Prospect Qualification.
    expect(report.withoutHistory).toBe(1);
    expect(row('prospect-qualification')?.medianDays).toBe(0);
    expect([story.qualified, story.nurtured, story.lost, story.idle]).toContain(
      row('prospect-qualification')?.slowest?.workflowId,
    );
    expect(report.overdueFollowUps.map((lead) => lead.workflowId)).toEqual([story.overdue]);
    expect(report.idleLeads.map((lead) => lead.workflowId)).toEqual([story.idle]);

    const cli = await runCliWith(server.env.client, ['--json', 'funnel']);
    expect(cli.code).toBe(0);
    expect(numbers(JSON.parse(cli.stdout) as PipelineReport)).toEqual(numbers(report));
    const readable = await runCliWith(server.env.client, ['funnel']);
    expect(readable.stdout).toMatch(/^Prospect Qualification\s+2\s+5\s+20%/m);
    expect(readable.stdout).toContain('Won 0  Lost 1  Declined 0  Nurture 1');
    expect(readable.stdout).toContain(`Overdue follow-ups: 1\n  ${story.overdue}  Eve Overdue`);

    const page = await intake.get('/pipeline');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg');
    expect(page.text).toContain('5 leads started');
    expect(page.text).toContain('Lost <strong>1</strong>');
    expect(page.text).toContain('Nurture <strong>1</strong>');
    expect(page.text).toMatch(
      /<td>Prospect Qualification<\/td><td class="n">2<\/td><td class="n">5<\/td><td class="n">20%<\/td>/,
    );
    const ui = 'http://localhost:8233/namespaces/default/workflows/';
    expect(page.text).toContain(`href="${ui}${encodeURIComponent(story.overdue)}/`);
    expect(page.text).toContain(`href="${ui}${encodeURIComponent(story.idle)}/`);

    const badPeriod = await intake.get('/pipeline?from=yesterday');
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.issues).toEqual([{ field: 'from', message: 'must be a date as YYYY-MM-DD' }]);
    const before = await intake.get('/pipeline.json?from=2020-01-01&to=2020-12-31');
    expect((JSON.parse(before.text) as PipelineReport).leads).toBe(0);
  }));

const chromium = ensureChromium();
if (chromium.path === undefined) {
  console.warn(`Skipping the pipeline screenshot check: ${chromium.why}`);
}

(chromium.path !== undefined ? test : test.skip)(
  'headless Chromium renders the pipeline page with its chart',
  () =>
    withIntake(async (intake, taskQueue) => {
      await tellStory(intake, taskQueue);
      const dir = server.adapters.dir;
      const shot = path.join(dir, 'pipeline.png');
      // Asynchronously: the page is served by this very process.
      await promisify(execFile)(
        chromium.path ?? 'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--hide-scrollbars',
          '--window-size=1100,1500',
          `--screenshot=${shot}`,
          `${intake.url}/pipeline`,
        ],
        { timeout: 60_000 },
      );
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1100, 1500]);
      // A blank page compresses to a few kilobytes; text, tables and the chart do not.
      expect(png.length).toBeGreaterThan(30_000);
      // Kept where a person can look at it after the run.
      mkdirSync(path.resolve(__dirname, '../../.temporal'), { recursive: true });
      copyFileSync(shot, path.resolve(__dirname, '../../.temporal/pipeline-screenshot.png'));
    }),
  120_000,
);
