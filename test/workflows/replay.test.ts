import { Worker } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { completeGate, leadHandle, reportMeeting, startLead } from '../../client/lifecycle';
import { aLead, gatesToBilling } from '../support/leads';
import { timeSkippingServerPerTest } from '../support/test-server';
import { WORKFLOW_BUNDLE_PATH } from '../support/servers';

const suite = timeSkippingServerPerTest('replay');

/**
 * Replaying a real history against the code proves the workflow deterministic, and that the install resolved one
 * protobufjs (several copies make runReplayHistory fail with "type must be a Type").
 */
test("a lead's recorded history replays against the workflow code without nondeterminism", () =>
  suite.run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    await reportMeeting(suite.env.client, workflowId, {
      title: 'Intro call',
      by: 'sales@example.com',
      nextSteps: ['Send the requirements'],
    });
    for (const gate of gatesToBilling) await completeGate(suite.env.client, workflowId, gate);
    await suite.env.sleep('8 days');
    const history = await leadHandle(suite.env.client, workflowId).fetchHistory();
    expect(history.events?.length).toBeGreaterThan(20);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { code: readFileSync(WORKFLOW_BUNDLE_PATH, 'utf8') } },
        history,
        workflowId,
      ),
    ).resolves.toBeUndefined();
  }));
