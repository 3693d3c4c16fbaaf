import { closeLead, completeGate, getLeadState, leadHandle, startLead } from '../../client/lifecycle';
import type { GateRequest } from '../../workflows/gates';
import { gateSignal, openFollowUpsQuery } from '../../workflows/messages';
import { STAGES } from '../../workflows/stages';
import { updateRejection } from '../support/errors';
import { eventually } from '../support/poll';
import { affogatoScores, aLead, BY, gatesToBilling, hederaScores, msBrownScores } from '../support/leads';
import { testServer, timeSkippingServerPerTest } from '../support/test-server';
import { startTimeSkippingServer } from '../support/servers';
import { DAY_MS } from '../../rules/durations';

const qualifyAsHigh: GateRequest = gatesToBilling[0];

describe('a lead walked through the lifecycle', () => {
  const suite = timeSkippingServerPerTest('lifecycle');
  test('passes all eight stages to Billing, recording who completed each gate and the evidence', () =>
    suite.run(async (taskQueue) => {
      const { workflowId, lead } = await startLead(suite.env.client, aLead(), { taskQueue });
      for (const gate of gatesToBilling) await completeGate(suite.env.client, workflowId, gate);

      const state = await getLeadState(suite.env.client, workflowId);
      expect(state.stage).toBe('billing');
      expect(state.history.map((record) => record.stage)).toEqual([...STAGES]);
      expect(state.history.slice(0, -1).every((record) => record.leftAt !== undefined)).toBe(true);
      expect(state.history[2]).toMatchObject({ stage: 'assess-needs', completedBy: BY });
      expect(state.history[3]).toMatchObject({
        stage: 'blueprint',
        completedBy: 'dev@example.com',
        evidence: { blueprintUrl: 'https://docs.example.com/hedera-blueprint' },
      });
      expect(state.rubric).toMatchObject({ total: 26, category: 'High' });
      expect(state.discovery).toMatchObject({ upfrontCharge: false, developer: 'dev@example.com' });
      expect(state.deal).toMatchObject({ pricing: 'fixed', totalHours: 332 });
      expect(state.clientOwner).toBe('dev@example.com');
      expect(state.lead.email).toBe(lead.email);
    }));

  test('a fixed-price project is Won once its invoice is sent, and the workflow completes', () =>
    suite.run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      for (const gate of gatesToBilling) await completeGate(suite.env.client, workflowId, gate);
      await completeGate(suite.env.client, workflowId, {
        stage: 'billing',
        by: 'admin@example.com',
        evidence: { invoiceRef: 'INV-2026-001', hoursBilled: 332 },
      });
      const result = await leadHandle(suite.env.client, workflowId).result();
      expect(result.stage).toBe('won');
      expect(result.billingCycles).toBe(1);
    }));
});

describe('invalid gates are rejected with the field named, and change nothing', () => {
  // One server for this group: its tests only send gates and read state, and never wait for a workflow to finish or
  // for time to pass, so no timer another test left pending can hold them up.
  const suite = testServer('shared', startTimeSkippingServer, 'rejections');
  const cases: [string, unknown, string][] = [
    [
      'a gate out of order',
      { stage: 'blueprint', by: BY, evidence: {} },
      'Gate rejected: stage: gate out of order: the lead is in Prospect Qualification, so the Blueprint gate cannot be completed now',
    ],
    [
      'a stage with no gate',
      { stage: 'won', by: BY, evidence: {} },
      "Gate rejected: stage: 'won' has no gate to complete; gated stages: prospect-qualification, assess-needs, blueprint, proposal, close, development, billing",
    ],
    [
      'missing evidence',
      { stage: 'prospect-qualification', by: BY, evidence: { responsive: true } },
      'Invalid Prospect Qualification gate evidence: evidence.scores: must be an object scoring every rubric factor 0, 1 or 2',
    ],
    [
      'a score out of range',
      {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: { ...hederaScores, prestige: 3 }, responsive: true },
      },
      'Invalid Prospect Qualification gate evidence: evidence.scores.prestige: must be 0, 1 or 2',
    ],
    [
      'an unresponsive lead',
      { stage: 'prospect-qualification', by: BY, evidence: { scores: hederaScores, responsive: false } },
      'Gate rejected: evidence.responsive: High priority but the lead is not responsive yet: keep following up until they become a serious prospect',
    ],
    [
      'nobody named',
      { stage: 'prospect-qualification', evidence: { scores: hederaScores, responsive: true } },
      'Invalid gate request: by: is required',
    ],
  ];

  test.each(cases)('%s', (_name, request, expected) =>
    suite.run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      const before = await getLeadState(suite.env.client, workflowId);
      const message = await updateRejection(completeGate(suite.env.client, workflowId, request as GateRequest));
      expect(message).toBe(expected);
      expect(await getLeadState(suite.env.client, workflowId)).toEqual(before);
    }),
  );

  test('later gates check their own evidence: a lower re-score, a missing deposit, an unconfirmed kickoff', () =>
    suite.run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      await completeGate(suite.env.client, workflowId, qualifyAsHigh);
      const lowerScore = await updateRejection(
        completeGate(suite.env.client, workflowId, {
          stage: 'assess-needs',
          by: BY,
          evidence: { challenges: 'x', valueProposition: 'y', scores: { ...hederaScores, budget: 0 } },
        }),
      );
      expect(lowerScore).toContain('evidence.scores: the re-scored total 20 is below the qualification score 24');

      for (const gate of gatesToBilling.slice(1, 4)) await completeGate(suite.env.client, workflowId, gate);
      const closeGate = gatesToBilling[4] as Extract<GateRequest, { stage: 'close' }>;
      // Entering Blueprint schedules the discovery, and entering Close creates its three tasks, in the background; let
      // them land so only the rejections are compared.
      const before = await eventually(
        () => getLeadState(suite.env.client, workflowId),
        (state) =>
          state.discovery?.scheduled !== undefined &&
          state.notes.filter((note) => note.text.startsWith('Task ')).length === 3,
      );
      expect(before.discovery?.scheduled).toBeDefined();
      const noDeposit = await updateRejection(
        completeGate(suite.env.client, workflowId, {
          ...closeGate,
          evidence: { ...closeGate.evidence, depositReceived: false },
        }),
      );
      expect(noDeposit).toContain('evidence.depositReceived: must be true: the deposit payment has been received');
      const noKickoff = await updateRejection(
        completeGate(suite.env.client, workflowId, {
          ...closeGate,
          evidence: {
            ...closeGate.evidence,
            kickoffHeld: false as unknown as true,
            communicationSet: undefined as unknown as true,
          },
        }),
      );
      expect(noKickoff).toBe(
        'Invalid Close gate evidence: evidence.kickoffHeld: must be true: the kickoff call is done; ' +
          'evidence.communicationSet: must be true: communication, budget tracking and project updates are set',
      );
      expect(await getLeadState(suite.env.client, workflowId)).toEqual(before);
    }));

  test('an invalid signal is recorded as rejected and moves nothing; a valid one moves the lead', () =>
    suite.run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      const handle = leadHandle(suite.env.client, workflowId);
      await handle.signal(gateSignal, { stage: 'close', by: BY, evidence: {} } as GateRequest);
      await handle.signal(gateSignal, qualifyAsHigh);
      const state = await getLeadState(suite.env.client, workflowId);
      expect(state.rejected).toHaveLength(1);
      expect(state.rejected[0].reason).toBe(
        'Gate rejected: stage: gate out of order: the lead is in Prospect Qualification, so the Close gate cannot be completed now',
      );
      expect(state.stage).toBe('assess-needs');
    }));
});

describe('sales rules decide where a lead goes', () => {
  const suite = timeSkippingServerPerTest('sales-rules');
  test('a Low lead goes to Nurture with a re-check reminder in 90 days', () =>
    suite.run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead({ organisation: "Ms. Brown's 5th Grade Class" }), {
        taskQueue,
      });
      const state = await completeGate(suite.env.client, workflowId, {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: msBrownScores, responsive: true },
      });
      expect(state.stage).toBe('nurture');
      expect(state.rubric).toMatchObject({ total: 4, category: 'Low' });
      const [recheck] = await leadHandle(suite.env.client, workflowId).query(openFollowUpsQuery);
      expect(Date.parse(recheck.dueAt) - Date.parse(recheck.createdAt)).toBe(90 * DAY_MS);
    }));

  test('an RFP from a Medium lead is declined with the reason, and the workflow ends', () =>
    suite.run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead({ source: 'rfp' }), { taskQueue });
      const state = await completeGate(suite.env.client, workflowId, {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: affogatoScores, responsive: true },
      });
      expect(state.stage).toBe('declined');
      expect(state.closedReason).toBe(
        'Medium priority: we respond to RFPs and tenders only for High priority leads, so we do not answer an RFP; ' +
          'the organisation may go through our normal discovery process instead',
      );
      expect((await leadHandle(suite.env.client, workflowId).result()).stage).toBe('declined');
    }));

  test('a government tender whose law forbids billing discovery is pursued unbilled and flagged for review', () =>
    suite.run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead({ source: 'tender', government: true }), {
        taskQueue,
      });
      const state = await completeGate(suite.env.client, workflowId, {
        stage: 'prospect-qualification',
        by: BY,
        evidence: { scores: hederaScores, responsive: true, lawForbidsDiscoveryBilling: true },
      });
      expect(state.stage).toBe('assess-needs');
      expect(state.bid).toMatchObject({ respond: true, discoveryBilling: 'not-billed', needsReview: true });
      expect(state.discovery).toMatchObject({ charge: 'not-billed' });
    }));

  test('a lead can be marked lost at any stage, with the reason', () =>
    suite.run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      await completeGate(suite.env.client, workflowId, qualifyAsHigh);
      const state = await closeLead(suite.env.client, workflowId, {
        outcome: 'lost',
        reason: 'Chose an in-house build',
        by: BY,
      });
      expect(state.stage).toBe('lost');
      expect(state.history.at(-2)).toMatchObject({ stage: 'assess-needs', completedBy: BY });
      expect((await leadHandle(suite.env.client, workflowId).result()).closedReason).toBe('Chose an in-house build');
    }));
});

describe('one lead, one workflow', () => {
  const suite = timeSkippingServerPerTest('one-lead');
  test('the same lead arriving twice reports the running workflow instead of starting another', () =>
    suite.run(async (taskQueue) => {
      const lead = aLead();
      const first = await startLead(suite.env.client, lead, { taskQueue });
      const second = await startLead(suite.env.client, { ...lead, email: lead.email.toUpperCase() }, { taskQueue });
      expect(second).toMatchObject({ existing: true, workflowId: first.workflowId, runId: first.runId });
    }));

  test('a malformed lead is rejected naming each bad field, and nothing is started', async () => {
    await expect(
      startLead(
        suite.env.client,
        { name: '', organisation: 'X', email: 'not-an-email', mailingListLabel: 'Bad Label', source: 'fax' },
        {
          taskQueue: 'unused',
        },
      ),
    ).rejects.toThrow(
      /name: is required.*email: must be a valid email address.*mailingListLabel.*source: must be one of/,
    );
  });
});
