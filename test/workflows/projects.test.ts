import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { completeGate, getLeadState, startLead, startProject } from '../../client/lifecycle';
import type { GateRequest } from '../../workflows/gates';
import { assess, blueprint, closeAsClient, fixedProposal, qualify } from '../support/clients';
import { runCliWith } from '../support/cli';
import { aLead, BY } from '../support/leads';
import { eventually } from '../support/poll';
import { timeSkippingServerPerTest } from '../support/test-server';

/** 001: "most projects stem from contracts with existing clients". */
const suite = timeSkippingServerPerTest('projects');
const { run } = suite;
const blueprintEvidence = (blueprint as Extract<GateRequest, { stage: 'blueprint' }>).evidence;

async function discoveryTasks(): Promise<{ summary: string; assignee: string; labels: string[] }[]> {
  const text = await readFile(path.join(suite.adapters.dir, 'tasks.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { summary: string; assignee: string; labels: string[] })
    .filter((task) => task.labels.includes('discovery'));
}

test("a client's new project starts at Blueprint with its client owner, who takes the discovery", () =>
  run(async (taskQueue) => {
    const clientWorkflowId = await closeAsClient(suite, taskQueue, fixedProposal);
    const tasksBefore = (await discoveryTasks()).length;
    const started = await startProject(
      suite.env.client,
      { client: clientWorkflowId, title: 'Mobile app', discoveryBy: 'client-owner', agreedBy: BY },
      { taskQueue },
    );
    expect(started).toMatchObject({ workflowId: 'project-hedera-mobile-app', existing: false });

    const project = await eventually(
      () => getLeadState(suite.env.client, started.workflowId),
      (state) => state.discovery?.scheduled !== undefined,
    );
    expect(project).toMatchObject({
      stage: 'blueprint',
      clientOwner: 'dev@example.com',
      project: { title: 'Mobile app', clientWorkflowId },
      lead: { source: 'existing-client' },
      discovery: { charge: 'paid-up-front', paymentAgreed: { by: BY }, scheduled: { via: 'client-owner' } },
    });
    expect(project.history.map((record) => record.stage)).toEqual(['generating-leads', 'blueprint']);
    const tasks = await discoveryTasks();
    expect(tasks).toHaveLength(tasksBefore + 1);
    expect(tasks.at(-1)).toMatchObject({ summary: 'Discovery: Hedera University', assignee: 'dev@example.com' });

    // The client is still the client: its first engagement goes on untouched.
    expect((await getLeadState(suite.env.client, clientWorkflowId)).stage).toBe('development');
    const again = await startProject(
      suite.env.client,
      { client: clientWorkflowId, title: 'Mobile  App', discoveryBy: 'discovery-duty', agreedBy: BY },
      { taskQueue },
    );
    expect(again).toMatchObject({ workflowId: started.workflowId, existing: true });

    const blueprinted = await completeGate(suite.env.client, started.workflowId, {
      ...blueprint,
      evidence: { ...blueprintEvidence, discoveryHours: 6 },
    } as GateRequest);
    expect(blueprinted.stage).toBe('proposal');
  }));

test('an existing client can hand the discovery to Discovery Duty', () =>
  run(async (taskQueue) => {
    const clientWorkflowId = await closeAsClient(suite, taskQueue, fixedProposal);
    const started = await startProject(
      suite.env.client,
      { client: clientWorkflowId, title: 'Analytics', discoveryBy: 'discovery-duty', agreedBy: BY },
      { taskQueue },
    );
    const project = await eventually(
      () => getLeadState(suite.env.client, started.workflowId),
      (state) => state.discovery?.scheduled !== undefined,
    );
    expect(project.discovery?.scheduled).toMatchObject({ via: 'discovery-duty' });
    expect(['ana@example.com', 'ben@example.com']).toContain(project.discovery?.scheduled?.assignee);
  }));

test('a lead that is not a client yet gets no project, and the CLI names the field', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    for (const gate of [qualify, assess]) await completeGate(suite.env.client, workflowId, gate);
    const refused = await runCliWith(suite.env.client, [
      'project',
      workflowId,
      '--title',
      'Mobile app',
      '--agreed-by',
      BY,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('client: Hedera University is not a client yet (Blueprint): start a lead instead');
    expect(
      await suite.env.client.workflow
        .getHandle('project-hedera-mobile-app')
        .describe()
        .catch(() => undefined),
    ).toBe(undefined);
  }));
