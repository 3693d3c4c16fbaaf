import { WorkflowFailedError } from '@temporalio/client';
import {
  completeGate,
  getLeadState,
  leadHandle,
  reportMeeting,
  scheduleFollowUp,
  startLead,
} from '../../client/lifecycle';
import { InvalidInputError } from '../../rules/validation';
import { customerLifecycle } from '../../workflows';
import { leadWorkflowId } from '../../workflows/lead';
import { gateSignal } from '../../workflows/messages';
import { assess, blueprint, fixedProposal, qualify } from '../support/clients';
import { updateRejection } from '../support/errors';
import { aLead, BY } from '../support/leads';
import { eventually } from '../support/poll';
import { timeSkippingServerPerTest } from '../support/test-server';

/** Issue 18's limits, as a person sending too much meets them: refused by field, and the lead is as it was. */
const suite = timeSkippingServerPerTest('input-bounds');
const { run } = suite;

async function workflowExists(workflowId: string): Promise<boolean> {
  return leadHandle(suite.env.client, workflowId)
    .describe()
    .then(
      () => true,
      () => false,
    );
}

test('a lead with a 300-character email or a 5,000-character label is refused before anything starts', () =>
  run(async (taskQueue) => {
    const longEmail = aLead({ email: `${'a'.repeat(288)}@example.com` });
    const longLabel = aLead({ mailingListLabel: 'h'.repeat(5_000) });
    for (const [lead, message] of [
      [longEmail, 'email: must be at most 254 characters'],
      [longLabel, 'mailingListLabel: must be at most 59 characters'],
    ] as const) {
      const refused = await startLead(suite.env.client, lead, { taskQueue }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(InvalidInputError);
      expect((refused as Error).message).toContain(message);
      expect(await workflowExists(leadWorkflowId({ email: lead.email.toLowerCase() }))).toBe(false);
    }
  }));

test('a lead started past the client with an over-long email fails at once, naming the field', () =>
  run(async (taskQueue) => {
    const lead = aLead({ email: `${'b'.repeat(288)}@example.com` });
    const handle = await suite.env.client.workflow.start(customerLifecycle, {
      workflowId: `lead-bounds-${Date.now()}`,
      taskQueue,
      args: [{ lead }],
    });
    const failure = await handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toContain('email: must be at most 254 characters');
  }));

test('a gate with a field nobody reads, or a proposal link that is not a web link, leaves the lead where it was', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const extra = await updateRejection(
      completeGate(suite.env.client, workflowId, { ...qualify, approvedBy: 'the CEO' } as never),
    );
    expect(extra).toContain('approvedBy: is not a known field');
    for (const gate of [qualify, assess, blueprint]) await completeGate(suite.env.client, workflowId, gate);
    // The discovery is scheduled in the background after Assess Needs: what follows compares a lead at rest.
    const before = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (state) => state.discovery?.scheduled !== undefined,
    );
    const ftp = { ...fixedProposal, evidence: { ...fixedProposal.evidence, proposalUrl: 'ftp://files.example.com/p' } };
    expect(await updateRejection(completeGate(suite.env.client, workflowId, ftp as never))).toContain(
      'evidence.proposalUrl: must be a web link (http:// or https://)',
    );
    await leadHandle(suite.env.client, workflowId).signal(gateSignal, ftp as never);
    const after = await eventually(
      () => getLeadState(suite.env.client, workflowId),
      (state) => state.rejected.length > 0,
    );
    expect(after.rejected[0].reason).toContain('evidence.proposalUrl: must be a web link');
    expect({ ...after, rejected: [] }).toEqual({ ...before, rejected: [] });
    expect(after.stage).toBe('proposal');
  }));

test('a meeting "held" in the year 9999 and a follow-up with a 20,000-character reason are refused by field', () =>
  run(async (taskQueue) => {
    const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });
    const meeting = await updateRejection(
      reportMeeting(suite.env.client, workflowId, {
        title: 'Intro call',
        heldAt: '9999-01-01T09:00:00Z',
        by: BY,
        nextSteps: ['Send the blueprint'],
      }),
    );
    expect(meeting).toContain('heldAt: must not be in the future');
    const followUp = await updateRejection(
      scheduleFollowUp(suite.env.client, workflowId, { reason: 'r'.repeat(20_000), inDays: 3 }),
    );
    expect(followUp).toContain('reason: must be at most 10000 characters');
    const state = await getLeadState(suite.env.client, workflowId);
    expect(state.meetings).toEqual([]);
    expect(state.followUps).toEqual([]);
  }));
