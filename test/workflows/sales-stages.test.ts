import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { completeGate, getLeadState, startLead } from '../../client/lifecycle';
import type { GateRequest } from '../../workflows/gates';
import { assess, blueprint, fixedProposal, qualify } from '../support/clients';
import { updateRejection } from '../support/errors';
import { aLead, BY, hederaScores } from '../support/leads';
import { eventually } from '../support/poll';
import { timeSkippingServerPerTest } from '../support/test-server';

/** 002's Assess Needs and Close stages, as a sales team meets them. */
const suite = timeSkippingServerPerTest('sales-stages');
const { run } = suite;
const assessEvidence = (assess as Extract<GateRequest, { stage: 'assess-needs' }>).evidence;

async function taskLines(): Promise<{ summary: string; assignee: string; labels: string[] }[]> {
  const text = await readFile(path.join(suite.adapters.dir, 'tasks.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { summary: string; assignee: string; labels: string[] });
}

test('Assess Needs asks for the requirements, the decision process and the competitors, naming each one missing', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    await completeGate(suite.env.client, workflowId, qualify);
    const { challenges, valueProposition, scores } = assessEvidence;
    const message = await updateRejection(
      completeGate(suite.env.client, workflowId, {
        stage: 'assess-needs',
        by: BY,
        evidence: { challenges, valueProposition, scores },
      }),
    );
    expect(message).toContain('evidence.requirements: is required');
    expect((await getLeadState(suite.env.client, workflowId)).stage).toBe('assess-needs');
    const moved = await completeGate(suite.env.client, workflowId, assess);
    expect(moved.history.at(-2)?.evidence).toMatchObject({ decisionProcess: assessEvidence.decisionProcess });
  }));

test("Assess Needs needs the rubric score to improve: the qualification's own score is not enough", () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    await completeGate(suite.env.client, workflowId, qualify);
    const message = await updateRejection(
      completeGate(suite.env.client, workflowId, {
        stage: 'assess-needs',
        by: BY,
        evidence: { ...assessEvidence, scores: hederaScores },
      }),
    );
    expect(message).toContain('evidence.scores: the re-scored total 24 equals the qualification score');
  }));

test('entering Close creates the kickoff, the onboarding and the initial client briefing as tasks with owners', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    for (const gate of [qualify, assess, blueprint, fixedProposal]) {
      await completeGate(suite.env.client, workflowId, gate);
    }
    const lines = await eventually(taskLines, (all) => all.length === 4);
    expect(lines.filter((task) => !task.labels.includes('discovery'))).toEqual([
      expect.objectContaining({ summary: 'Kickoff meeting: Hedera University', assignee: 'bizdev@example.com' }),
      expect.objectContaining({ summary: 'Onboard new client: Hedera University', assignee: 'admin@example.com' }),
      expect.objectContaining({
        summary: 'Initial client briefing: Hedera University',
        assignee: 'bizdev@example.com',
      }),
    ]);
    const state = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (s) => s.notes.filter((note) => note.text.startsWith('Task ')).length === 3,
    );
    expect(state.notes.map((note) => note.text)).toContainEqual(expect.stringContaining('Kickoff meeting'));
  }));
