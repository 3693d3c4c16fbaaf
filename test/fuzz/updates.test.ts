import fc from 'fast-check';
import {
  changeMaintenance,
  closeLead,
  completeFollowUp,
  completeGate,
  getLeadState,
  reportMeeting,
  reviewInvoice,
  scheduleCall,
  scheduleFollowUp,
} from '../../client/lifecycle';
import type { GatedStage } from '../../workflows/gates';
import { BY } from '../support/leads';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';
import { fuzz } from './fuzz-run';
import { refusal } from './refusal';
import { leadIn, SALES_TO_BILLING, settled, VALID_GATES, workflowTaskFailures } from './leads-in-stages';
import { malformed, namesField, type MalformedCase } from './malformed';
import {
  BOOKING_SPEC,
  CLOSE_SPEC,
  FOLLOW_UP_DONE_SPEC,
  FOLLOW_UP_SPEC,
  HOURLY_MAINTENANCE_SPEC,
  INVOICE_REVIEW_SPEC,
  malformedGate,
  MEETING_SPEC,
  VALID_CLOSE,
  VALID_FOLLOW_UP,
  VALID_HOURLY_MAINTENANCE,
  VALID_MEETING,
  validBooking,
} from './requests';

/**
 * Malformed Updates, through the same client helpers the CLI and the intake use, to leads in every stage on a real
 * dev server: each is refused with an error naming the field, and the lead's state is what it was.
 */
const suite = testServer('shared', startDevServer, 'fuzz-updates');

const GATE_RUNS_PER_STAGE = 60;
const RUNS = { close: 60, followUp: 60, followUpDone: 30, meeting: 80, booking: 50, invoice: 60, maintenance: 30 };

type Send = (workflowId: string, request: never) => Promise<unknown>;

/** Sends each case to the lead, and checks the refusal names the field and the state did not move. */
function refusedWithoutChange(workflowId: string, send: Send) {
  return async ({ request, field, mutation }: MalformedCase): Promise<void> => {
    const before = await getLeadState(suite.env.client, workflowId);
    const message = await refusal(send(workflowId, request as never));
    if (!namesField(message, field)) {
      throw new Error(`${mutation}: the refusal does not name ${JSON.stringify(field.slice(0, 80))}: ${message}`);
    }
    expect(await getLeadState(suite.env.client, workflowId)).toEqual(before);
  };
}

const gate: Send = (workflowId, request) => completeGate(suite.env.client, workflowId, request);

test(`malformed gate evidence, wrong stage names and gates out of order, ${GATE_RUNS_PER_STAGE} per stage: refused, naming the field`, () =>
  suite.run(async (taskQueue) => {
    const leads = new Map<GatedStage, string>();
    for (const stage of SALES_TO_BILLING) leads.set(stage, await leadIn(suite.env.client, taskQueue, stage));
    let tried = 0;
    for (const [stage, workflowId] of leads) {
      tried += await fuzz(
        `gate Updates in ${stage}`,
        malformedGate(stage),
        GATE_RUNS_PER_STAGE,
        refusedWithoutChange(workflowId, gate),
        [
          {
            request: { ...VALID_GATES[stage], stage: ' '.repeat(40_000) },
            field: 'stage',
            mutation: 'a stage name of 40,000 spaces, quoted in the message',
          },
        ],
      );
    }
    expect(tried).toBeGreaterThanOrEqual(GATE_RUNS_PER_STAGE * SALES_TO_BILLING.length);
    for (const workflowId of leads.values()) expect(await workflowTaskFailures(suite.env.client, workflowId)).toBe(0);
  }));

test('malformed close, follow-up, maintenance, meeting reports and bookings, and invoice reviews: refused, naming the field', () =>
  suite.run(async (taskQueue) => {
    const [prospect, billing] = [
      await leadIn(suite.env.client, taskQueue, 'assess-needs'),
      await leadIn(suite.env.client, taskQueue, 'billing'),
    ];
    const { billing: invoices } = await settled(suite.env.client, billing);
    const [waiting] = invoices.pending;
    expect(waiting).toBeDefined();
    const client = suite.env.client;
    let tried = 0;
    for (const workflowId of [prospect, billing]) {
      tried += await fuzz(
        `close Updates in ${(await getLeadState(client, workflowId)).stage}`,
        malformed(VALID_CLOSE, CLOSE_SPEC, { root: 'close request' }),
        RUNS.close / 2,
        refusedWithoutChange(workflowId, (id, request) => closeLead(client, id, request)),
      );
    }
    tried += await fuzz(
      'follow-up Updates',
      malformed(VALID_FOLLOW_UP, FOLLOW_UP_SPEC, { root: 'follow-up' }),
      RUNS.followUp,
      refusedWithoutChange(prospect, (id, request) => scheduleFollowUp(client, id, request)),
      [{ request: { reason: 'A date past the end of time', inDays: 1e300 }, field: 'inDays', mutation: 'regression' }],
    );
    tried += await fuzz(
      'follow-up-done Updates',
      malformed({ id: 'follow-up-1', by: BY }, FOLLOW_UP_DONE_SPEC, { root: 'follow-up done' }),
      RUNS.followUpDone,
      refusedWithoutChange(prospect, (id, request) => completeFollowUp(client, id, request)),
      [
        {
          request: { id: ' '.repeat(40_000), by: BY },
          field: 'id',
          mutation:
            'an id of 40,000 spaces, quoted in the message (it timed the workflow task out and wedged the lead)',
        },
      ],
    );
    tried += await fuzz(
      'maintenance change Updates',
      malformed(VALID_HOURLY_MAINTENANCE, HOURLY_MAINTENANCE_SPEC, { root: 'maintenance change' }),
      RUNS.maintenance,
      refusedWithoutChange(billing, (id, request) => changeMaintenance(client, id, request)),
    );
    tried += await fuzz(
      'meeting-done Updates',
      malformed(VALID_MEETING, MEETING_SPEC, { root: 'meeting report', lineBreaks: true }),
      RUNS.meeting,
      refusedWithoutChange(prospect, (id, request) => reportMeeting(client, id, request)),
      [
        {
          request: { ...VALID_MEETING, title: 'Intro call\r\nBcc: everyone@example.com' },
          field: 'title',
          mutation: 'header injection in the subject',
        },
      ],
    );
    tried += await fuzz(
      'meeting booking Updates',
      malformed(validBooking(), BOOKING_SPEC, { root: 'meeting', lineBreaks: true }),
      RUNS.booking,
      refusedWithoutChange(prospect, (id, request) => scheduleCall(client, id, request)),
      [{ request: 'Discovery kickoff', field: 'meeting', mutation: 'a string (was named as fields 0, 1, 2...)' }],
    );
    tried += await fuzz(
      'invoice review Updates',
      malformed({ invoiceId: waiting.invoiceId, approved: true, by: 'admin@example.com' }, INVOICE_REVIEW_SPEC, {
        root: 'invoice review',
      }),
      RUNS.invoice,
      refusedWithoutChange(billing, (id, request) => reviewInvoice(client, id, request)),
    );
    expect(tried).toBeGreaterThanOrEqual(Object.values(RUNS).reduce((sum, runs) => sum + runs));
    for (const workflowId of [prospect, billing]) {
      expect(await workflowTaskFailures(client, workflowId)).toBe(0);
    }
  }));

test('a well-formed request still works after the fuzzing: the refusals were the requests, not a wedged lead', () =>
  suite.run(async (taskQueue) => {
    const workflowId = await leadIn(suite.env.client, taskQueue, 'prospect-qualification');
    await fc.assert(
      fc.asyncProperty(malformedGate('prospect-qualification'), async ({ request }) => {
        await refusal(gate(workflowId, request as never));
      }),
      { seed: 1, numRuns: 20 },
    );
    const state = await completeGate(suite.env.client, workflowId, {
      stage: 'prospect-qualification',
      by: 'bizdev@example.com',
      evidence: {
        scores: {
          peopleProfile: 2,
          need: 2,
          budget: 2,
          contractType: 2,
          prestige: 2,
          marketNiche: 2,
          internalPositiveBias: 1,
        },
        responsive: true,
      },
    });
    expect(state.stage).toBe('assess-needs');
  }));
