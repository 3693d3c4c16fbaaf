/**
 * The intake over real HTTP on loopback, against a real Temporal dev server and a real worker: what a website or
 * another system sees (status, body) and what it leaves behind (the workflow started, or nothing).
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getLeadState, leadHandle } from '../../client/lifecycle';
import { signBody } from '../../intake/signature';
import { leadWorkflowId } from '../../workflows/lead';
import { stateQuery } from '../../workflows/messages';
import { aLead, hederaScores } from '../support/leads';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';
import { form, SECRET, startTestIntake, type Intake } from './support';

const server = testServer('shared', startDevServer, 'intake');

async function withIntake<T>(body: (intake: Intake, taskQueue: string) => Promise<T>, overrides = {}): Promise<T> {
  return server.run(async (taskQueue) => {
    const intake = await startTestIntake(server.env.client, taskQueue, {
      recordingsFolder: server.adapters.dir,
      ...overrides,
    });
    try {
      return await body(intake, taskQueue);
    } finally {
      await intake.close();
    }
  });
}

/** Nothing was started for this email: the check a refused request must pass. */
async function expectNoWorkflow(email: string): Promise<void> {
  await expect(server.env.client.workflow.getHandle(leadWorkflowId({ email })).describe()).rejects.toBeInstanceOf(
    WorkflowNotFoundError,
  );
}

describe('POST /leads', () => {
  test('a JSON lead starts its workflow; the same lead again answers with that workflow and starts nothing', () =>
    withIntake(async (intake) => {
      const lead = aLead({ source: 'website' });
      const first = await intake.post('/leads', JSON.stringify(lead));
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ workflowId: `lead-${lead.email}`, existing: false });
      expect(first.body.webUi).toBe(
        `http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(`lead-${lead.email}`)}`,
      );
      const described = await server.env.client.workflow.getHandle(first.body.workflowId).describe();
      expect(described.status.name).toBe('RUNNING');
      expect(described.memo).toMatchObject({ leadName: lead.name, organisation: lead.organisation });

      const again = await intake.post('/leads', JSON.stringify({ ...lead, name: 'Someone Else' }));
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ workflowId: first.body.workflowId, runId: first.body.runId, existing: true });
      expect(again.body.ignored).toEqual([{ field: 'name', given: 'Someone Else', running: lead.name }]);
      const runs = await countRuns(first.body.workflowId);
      expect(runs).toBe(1);
    }));

  test('a form post (application/x-www-form-urlencoded) starts the lead as `cli start` would', () =>
    withIntake(async (intake) => {
      const lead = aLead();
      const posted = await intake.post(
        '/leads',
        form({
          name: lead.name,
          organisation: lead.organisation,
          email: lead.email.toUpperCase(),
          label: 'hedera',
          source: 'website',
          government: 'yes',
          notes: 'Filled in the contact form',
        }),
        { type: 'application/x-www-form-urlencoded' },
      );
      expect(posted.status).toBe(201);
      expect(posted.body.workflowId).toBe(`lead-${lead.email}`);
      const state = await getLeadState(server.env.client, lead.email);
      expect(state.lead).toMatchObject({
        email: lead.email,
        mailingListLabel: 'hedera',
        source: 'website',
        government: true,
        notes: 'Filled in the contact form',
      });
      expect(state.stage).toBe('prospect-qualification');
    }));

  test('bad input gets 400 naming every wrong field, in the names the sender used, and starts nothing', () =>
    withIntake(async (intake) => {
      const lead = aLead();
      const json = await intake.post(
        '/leads',
        JSON.stringify({ ...lead, mailingListLabel: 'Not A Label', source: 'billboard', colour: 'blue', name: '' }),
      );
      expect(json.status).toBe(400);
      expect(json.body.issues.map((issue) => issue.field).sort()).toEqual([
        'colour',
        'mailingListLabel',
        'name',
        'source',
      ]);
      expect(json.body.error).toMatch(/^Invalid lead: /);

      const posted = await intake.post(
        '/leads',
        form({
          name: lead.name,
          organisation: lead.organisation,
          email: 'not-an-email',
          label: 'UPPER',
          source: 'website',
        }),
        { type: 'application/x-www-form-urlencoded' },
      );
      expect(posted.status).toBe(400);
      expect(posted.body.issues).toEqual([
        { field: 'email', message: 'must be a valid email address' },
        { field: 'label', message: expect.stringContaining('lowercase letters') },
      ]);
      const broken = await intake.post('/leads', '{"name": ');
      expect(broken.status).toBe(400);
      expect(broken.body.issues[0].field).toBe('body');
      await expectNoWorkflow(lead.email);
    }));

  test('unsigned, wrongly signed and stale requests get 401 and start nothing', () =>
    withIntake(async (intake) => {
      const lead = aLead();
      const body = JSON.stringify(lead);
      const unsigned = await intake.post('/leads', body, { sign: false });
      expect(unsigned.status).toBe(401);
      expect(unsigned.body.error).toMatch(/unsigned request/);

      const now = Math.floor(Date.now() / 1000);
      const wrongSecret = await intake.post('/leads', body, {
        sign: false,
        headers: {
          'x-lifecycle-timestamp': String(now),
          'x-lifecycle-signature': signBody('another-secret-entirely', now, body),
        },
      });
      expect(wrongSecret.status).toBe(401);
      expect(wrongSecret.body.error).toMatch(/does not match/);

      // Signed correctly, then changed on the way: the signature covers the raw body.
      const tampered = await intake.post('/leads', body.replace(lead.name, 'Mallory'), {
        sign: false,
        headers: { 'x-lifecycle-timestamp': String(now), 'x-lifecycle-signature': signBody(SECRET, now, body) },
      });
      expect(tampered.status).toBe(401);

      const sixMinutesAgo = now - 360;
      const stale = await intake.post('/leads', body, {
        sign: false,
        headers: {
          'x-lifecycle-timestamp': String(sixMinutesAgo),
          'x-lifecycle-signature': signBody(SECRET, sixMinutesAgo, body),
        },
      });
      expect(stale.status).toBe(401);
      expect(stale.body.error).toMatch(/replayed or delayed/);
      await expectNoWorkflow(lead.email);
    }));

  test('signing turned off by the operator accepts an unsigned post', () =>
    withIntake(
      async (intake) => {
        const lead = aLead();
        const posted = await intake.post('/leads', JSON.stringify(lead), { sign: false });
        expect(posted.status).toBe(201);
      },
      { signing: 'off' },
    ));

  test('a body over the limit gets 413, another content type 415, and nothing starts', () =>
    withIntake(async (intake) => {
      const lead = aLead({ notes: 'x'.repeat(20 * 1024) });
      const oversize = await intake.post('/leads', JSON.stringify(lead));
      expect(oversize.status).toBe(413);
      expect(oversize.body.error).toMatch(/16384-byte limit/);
      const text = await intake.post('/leads', JSON.stringify(lead), { type: 'text/plain' });
      expect(text.status).toBe(415);
      await expectNoWorkflow(lead.email);
    }));

  test('100 concurrent posts of distinct leads start 100 workflows; 100 of one lead start exactly one', () =>
    withIntake(async (intake) => {
      const leads = Array.from({ length: 100 }, () => aLead());
      const distinct = await Promise.all(leads.map((lead) => intake.post('/leads', JSON.stringify(lead))));
      expect(distinct.map((answer) => answer.status)).toEqual(leads.map(() => 201));
      expect(new Set(distinct.map((answer) => answer.body.workflowId)).size).toBe(100);
      const described = await Promise.all(
        leads.map((lead) => server.env.client.workflow.getHandle(`lead-${lead.email}`).describe()),
      );
      expect(described.every((execution) => execution.status.name === 'RUNNING')).toBe(true);

      const one = aLead();
      const body = JSON.stringify(one);
      const same = await Promise.all(Array.from({ length: 100 }, () => intake.post('/leads', body)));
      const statuses = same.map((answer) => answer.status).sort();
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 200)).toHaveLength(99);
      expect(new Set(same.map((answer) => answer.body.workflowId))).toEqual(new Set([`lead-${one.email}`]));
      expect(new Set(same.map((answer) => answer.body.runId)).size).toBe(1);
      expect(await countRuns(`lead-${one.email}`)).toBe(1);
    }));
});

describe('gates and meetings', () => {
  const qualification = { by: 'bizdev@example.com', evidence: { scores: hederaScores, responsive: true } };

  test('a gate completes over HTTP; a wrong field is 400, a gate out of order 409, an unknown lead 404', () =>
    withIntake(async (intake) => {
      const lead = aLead();
      expect((await intake.post('/leads', JSON.stringify(lead))).status).toBe(201);
      const email = encodeURIComponent(lead.email);

      const bad = await intake.post(
        `/leads/${email}/gates/prospect-qualification`,
        JSON.stringify({ by: '', evidence: { scores: { ...hederaScores, need: 5 }, responsive: 'maybe' } }),
      );
      expect(bad.status).toBe(400);
      expect(bad.body.issues.map((issue) => issue.field).sort()).toEqual([
        'by',
        'evidence.responsive',
        'evidence.scores.need',
      ]);
      const outOfOrder = await intake.post(
        `/leads/${email}/gates/blueprint`,
        JSON.stringify({
          by: 'dev@example.com',
          evidence: {
            blueprintUrl: 'https://docs.example.com/b',
            estimatedHours: 10,
            discoveryDeveloper: 'dev@example.com',
          },
        }),
      );
      expect(outOfOrder.status).toBe(409);
      expect(outOfOrder.body.error).toMatch(/gate out of order: the lead is in Prospect Qualification/);
      expect((await getLeadState(server.env.client, lead.email)).stage).toBe('prospect-qualification');

      const done = await intake.post(`/leads/${email}/gates/prospect-qualification`, JSON.stringify(qualification));
      expect(done.status).toBe(200);
      expect(done.body.stage).toBe('assess-needs');
      expect(done.body.rubric).toMatchObject({ total: 24, category: 'High' });

      const unknown = await intake.post(
        `/leads/${encodeURIComponent(aLead().email)}/gates/prospect-qualification`,
        JSON.stringify(qualification),
      );
      expect(unknown.status).toBe(404);
      const noStage = await intake.post(`/leads/${email}/gates/lunch`, JSON.stringify(qualification));
      expect(noStage.status).toBe(400);
      expect(noStage.body.issues).toEqual([{ field: 'stage', message: "'lunch' is not a stage with a gate" }]);
    }));

  test('a meeting reported by form or JSON is recorded once; a replay of the same signed request is refused', () =>
    withIntake(async (intake) => {
      const lead = aLead();
      expect((await intake.post('/leads', JSON.stringify(lead))).status).toBe(201);
      const email = encodeURIComponent(lead.email);
      await mkdir(path.join(server.adapters.dir, 'calls'), { recursive: true });
      await writeFile(path.join(server.adapters.dir, 'calls', 'intro.mp4'), 'not really a video');

      const byForm = await intake.post(
        `/leads/${email}/meetings`,
        form({
          title: 'Intro call',
          by: 'sales@example.com',
          discussed: ['Their SSO', 'Timeline'],
          nextSteps: ['Send the requirements', 'Book the discovery'],
          recording: 'calls/intro.mp4',
        }),
        { type: 'application/x-www-form-urlencoded' },
      );
      expect(byForm.status).toBe(201);
      expect(byForm.body).toMatchObject({
        id: 'meeting-1',
        discussed: ['Their SSO', 'Timeline'],
        nextSteps: ['Send the requirements', 'Book the discovery'],
      });

      const report = JSON.stringify({
        title: 'Follow-up call',
        by: 'sales@example.com',
        nextSteps: ['Send the quote'],
      });
      const headers = { 'x-lifecycle-timestamp': String(Math.floor(Date.now() / 1000)) };
      headers['x-lifecycle-signature' as keyof typeof headers] = signBody(
        SECRET,
        headers['x-lifecycle-timestamp'],
        report,
      );
      const first = await intake.post(`/leads/${email}/meetings`, report, { sign: false, headers });
      expect(first.status).toBe(201);
      expect(first.body.id).toBe('meeting-2');
      const replayed = await intake.post(`/leads/${email}/meetings`, report, { sign: false, headers });
      expect(replayed.status).toBe(409);
      expect(replayed.body.error).toMatch(/replay/);

      const noSteps = await intake.post(
        `/leads/${email}/meetings`,
        JSON.stringify({ title: 'x', by: 'not-an-email', nextSteps: [], recording: '../../etc/passwd' }),
      );
      expect(noSteps.status).toBe(400);
      expect(noSteps.body.issues.map((issue) => issue.field).sort()).toEqual(['by', 'nextSteps']);
      const outside = await intake.post(
        `/leads/${email}/meetings`,
        JSON.stringify({ title: 'x', by: 'sales@example.com', nextSteps: ['y'], recording: '/etc/passwd' }),
      );
      expect(outside.status).toBe(400);
      expect(outside.body.issues[0].field).toBe('recording');

      const state = await leadHandle(server.env.client, lead.email).query(stateQuery);
      expect(state.meetings.map((meeting) => meeting.title)).toEqual(['Intro call', 'Follow-up call']);
    }));
});

describe('health', () => {
  test('/healthz answers while the process runs; /readyz says whether Temporal is reachable', () =>
    withIntake(async (intake) => {
      expect(await intake.get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await intake.get('/readyz')).toMatchObject({ status: 200, body: { temporal: 'reachable' } });
    }));

  test('with Temporal unreachable: 503 for a lead, /readyz 503, /healthz 200', async () => {
    // A port nobody listens on: the intake comes up all the same, and says so per request.
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const client = new Client({ connection });
    const intake = await startTestIntake(client, 'nowhere', { temporalTimeoutMs: 3_000 });
    try {
      const lead = aLead();
      const posted = await intake.post('/leads', JSON.stringify(lead));
      expect(posted.status).toBe(503);
      expect(posted.body.error).toMatch(/Temporal is unreachable/);
      expect((await intake.get('/readyz')).status).toBe(503);
      expect((await intake.get('/healthz')).status).toBe(200);
      // Reachable again, the lead was never started.
      await expectNoWorkflow(lead.email);
    } finally {
      await intake.close();
      await connection.close();
    }
  });
});

async function countRuns(workflowId: string): Promise<number> {
  let runs = 0;
  for await (const _ of server.env.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs += 1;
  return runs;
}
