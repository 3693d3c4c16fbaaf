import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { completeGate, getLeadState, startLead } from '../../client/lifecycle';
import type { GateRequest } from '../../workflows/gates';
import type { LifecycleState } from '../../workflows/state';
import { assess, blueprint, close, fixedProposal, qualify } from '../support/clients';
import { updateRejection } from '../support/errors';
import { affogatoScores, aLead, BY, hederaScores } from '../support/leads';
import { eventually } from '../support/poll';
import { timeSkippingServerPerTest } from '../support/test-server';

/** 001's discovery billing: deferred for High leads, paid by Medium ones, billed on acceptance of an RFP's terms. */
const suite = timeSkippingServerPerTest('discovery-billing');
const { run } = suite;

const blueprintEvidence = (blueprint as Extract<GateRequest, { stage: 'blueprint' }>).evidence;
const assessEvidence = (assess as Extract<GateRequest, { stage: 'assess-needs' }>).evidence;
const proposalWith = (estimatedHours: number, discoveryHours: number): GateRequest => ({
  stage: 'proposal',
  by: BY,
  evidence: {
    proposalUrl: 'https://proposals.example.com/p',
    pricing: { pricing: 'fixed', estimatedHours, discoveryHours, discoveryBilled: false },
  },
});

interface TaskLine {
  summary: string;
  assignee: string;
  estimateHours: number;
  labels: string[];
}

async function tasks(): Promise<TaskLine[]> {
  const text = await readFile(path.join(suite.adapters.dir, 'tasks.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TaskLine);
}

function waitForState(workflowId: string, done: (state: LifecycleState) => boolean): Promise<LifecycleState> {
  return eventually(() => getLeadState(suite.env.client, workflowId), done);
}

async function qualifiedBid(taskQueue: string, lead: Parameters<typeof aLead>[0], lawForbids: boolean) {
  const { workflowId } = await startLead(suite.env.client, aLead(lead), { taskQueue });
  await completeGate(suite.env.client, workflowId, {
    stage: 'prospect-qualification',
    by: BY,
    evidence: { scores: hederaScores, responsive: true, lawForbidsDiscoveryBilling: lawForbids },
  });
  return workflowId;
}

test('a government tender that may not bill discovery: a review task, and no discovery hours in the price', () =>
  run(async (taskQueue) => {
    const workflowId = await qualifiedBid(taskQueue, { source: 'tender', government: true }, true);
    const reviews = await eventually(tasks, (lines) => lines.some((task) => task.labels.includes('tender-review')));
    expect(reviews.find((task) => task.labels.includes('tender-review'))).toMatchObject({
      summary: 'Tender risk review: Hedera University',
      assignee: 'bizdev@example.com',
    });
    await completeGate(suite.env.client, workflowId, assess);
    await completeGate(suite.env.client, workflowId, blueprint);
    const proposed = await completeGate(suite.env.client, workflowId, proposalWith(320, 12));
    expect(proposed.deal).toEqual({ pricing: 'fixed', totalHours: 320 });
  }));

test("an RFP's discovery is billed on acceptance: invoiced on Close, not in the price", () =>
  run(async (taskQueue) => {
    const workflowId = await qualifiedBid(taskQueue, { source: 'rfp' }, false);
    await completeGate(suite.env.client, workflowId, assess);
    const noHours = await updateRejection(completeGate(suite.env.client, workflowId, blueprint));
    expect(noHours).toContain('evidence.discoveryHours: is required');
    await completeGate(suite.env.client, workflowId, {
      ...blueprint,
      evidence: { ...blueprintEvidence, discoveryHours: 12 },
    } as GateRequest);
    const proposed = await completeGate(suite.env.client, workflowId, proposalWith(320, 12));
    expect(proposed.deal).toEqual({ pricing: 'fixed', totalHours: 320 });
    await completeGate(suite.env.client, workflowId, close);

    const invoiced = await waitForState(workflowId, (state) => state.billing.pending.length > 0);
    expect(invoiced.stage).toBe('development');
    expect(invoiced.billing.pending).toEqual([
      expect.objectContaining({
        period: 'discovery',
        totalHours: 12,
        lines: [{ label: 'Technical discovery', hours: 12 }],
      }),
    ]);
  }));

test("a Medium lead's discovery: its payment is agreed at Assess Needs and it is invoiced once the blueprint is done", () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead({ organisation: 'Affogato International' }), {
      taskQueue,
    });
    await completeGate(suite.env.client, workflowId, {
      stage: 'prospect-qualification',
      by: BY,
      evidence: { scores: affogatoScores, responsive: true },
    });
    const improved = { ...assessEvidence, scores: { ...affogatoScores, marketNiche: 1 as const } };
    const unagreed = await updateRejection(
      completeGate(suite.env.client, workflowId, { stage: 'assess-needs', by: BY, evidence: improved }),
    );
    expect(unagreed).toContain('evidence.discoveryPaymentAgreed: must be true');

    const assessed = await completeGate(suite.env.client, workflowId, {
      stage: 'assess-needs',
      by: BY,
      evidence: { ...improved, discoveryPaymentAgreed: true },
    });
    expect(assessed.discovery).toMatchObject({ charge: 'paid-up-front', paymentAgreed: { by: BY } });
    await completeGate(suite.env.client, workflowId, {
      ...blueprint,
      evidence: { ...blueprintEvidence, discoveryHours: 9.5 },
    } as GateRequest);
    const invoiced = await waitForState(workflowId, (state) => state.billing.pending.length > 0);
    expect(invoiced.stage).toBe('proposal');
    expect(invoiced.billing.pending).toEqual([expect.objectContaining({ period: 'discovery', totalHours: 9.5 })]);
    const proposed = await completeGate(suite.env.client, workflowId, proposalWith(120, 9.5));
    expect(proposed.deal).toEqual({ pricing: 'fixed', totalHours: 120 });
  }));

test('a High lead defers its discovery into the price, as before', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    for (const gate of [qualify, assess, blueprint]) await completeGate(suite.env.client, workflowId, gate);
    const proposed = await completeGate(suite.env.client, workflowId, fixedProposal);
    expect(proposed.deal).toEqual({ pricing: 'fixed', totalHours: 332 });
    expect(proposed.billing.pending).toEqual([]);
  }));

describe('small projects', () => {
  test('a small discovery is scheduled with its agreed timebox, not a full day', () =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      await completeGate(suite.env.client, workflowId, qualify);
      await completeGate(suite.env.client, workflowId, {
        stage: 'assess-needs',
        by: BY,
        evidence: {
          ...assessEvidence,
          smallProject: { option: 'discovery', discoveryHours: 4 },
          discoveryPaymentAgreed: true,
        },
      });
      const lines = await eventually(tasks, (all) => all.some((task) => task.labels.includes('discovery')));
      expect(lines.find((task) => task.labels.includes('discovery'))?.estimateHours).toBe(4);
      const over = await updateRejection(
        completeGate(suite.env.client, workflowId, {
          ...blueprint,
          evidence: { ...blueprintEvidence, discoveryHours: 6 },
        } as GateRequest),
      );
      expect(over).toContain(
        "evidence.discoveryHours: must be at most 4: the small project's discovery was agreed at 4 h",
      );
    }));

  test('a small project agreed at 12 h of development cannot be proposed at 8 h', () =>
    run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
      await completeGate(suite.env.client, workflowId, qualify);
      await completeGate(suite.env.client, workflowId, {
        stage: 'assess-needs',
        by: BY,
        evidence: { ...assessEvidence, smallProject: { option: 'development', developmentHours: 12 } },
      });
      await completeGate(suite.env.client, workflowId, {
        ...blueprint,
        evidence: { ...blueprintEvidence, estimatedHours: 8 },
      } as GateRequest);
      const short = await updateRejection(completeGate(suite.env.client, workflowId, proposalWith(8, 0)));
      expect(short).toContain('evidence.pricing.estimatedHours: the client agreed to up to 12 h of development');
      const proposed = await completeGate(suite.env.client, workflowId, proposalWith(12, 0));
      expect(proposed.deal).toEqual({ pricing: 'fixed', totalHours: 12 });
      expect((await tasks()).some((task) => task.labels.includes('discovery'))).toBe(false);
    }));
});
