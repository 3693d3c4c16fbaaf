import { completeGate, decideGreeting, getLeadState, startLead } from '../../client/lifecycle';
import { runCliWith } from '../support/cli';
import { updateRejection } from '../support/errors';
import { aLead, BY, msBrownScores } from '../support/leads';
import { eventually } from '../support/poll';
import { timeSkippingServerPerTest } from '../support/test-server';

/** 002, Prospect Qualification: "Greet our leads, and send them our standard hosting/support quote (bizdev)". */
const suite = timeSkippingServerPerTest('greeting');
const { run } = suite;

test('a new lead waits for its owner to approve the greeting; once approved, the quote reaches the lead once', () =>
  run(async (taskQueue) => {
    const { client } = suite.env;
    const lead = aLead({ owner: 'ana@example.com' });
    const { workflowId } = await startLead(client, lead, { taskQueue });
    expect((await getLeadState(client, workflowId)).greeting).toMatchObject({
      kind: 'hosting-quote',
      status: 'awaiting-approval',
    });
    expect(await suite.outbox()).toEqual([]);

    expect(await updateRejection(decideGreeting(client, workflowId, { decision: 'approve', by: BY }))).toMatch(
      /by: only the lead's owner ana@example.com approves its greeting/,
    );
    expect(await suite.outbox()).toEqual([]);

    const approved = await decideGreeting(client, workflowId, {
      decision: 'approve',
      by: 'ana@example.com',
      note: 'It was great to meet you at the conference.',
    });
    expect(approved.greeting).toMatchObject({ status: 'sent', decidedBy: 'ana@example.com' });
    const [mail, ...others] = await suite.outbox();
    expect(others).toEqual([]);
    expect(mail).toMatchObject({
      to: [lead.email],
      cc: ['help+hedera@example.com'],
      replyTo: ['ana@example.com'],
      subject: 'Thank you for contacting us: hosting and support for Hedera University',
    });
    expect(mail.text).toContain('It was great to meet you at the conference.');
    expect(mail.text).toContain('Institutional hosting plan');

    expect(
      await updateRejection(decideGreeting(client, workflowId, { decision: 'approve', by: 'ana@example.com' })),
    ).toMatch(/decision: it was already sent/);
    expect(await suite.outbox()).toHaveLength(1);
  }));

test('a lead scored Low is offered the P&T plan instead of the quote', () =>
  run(async (taskQueue) => {
    const { client } = suite.env;
    const { workflowId } = await startLead(client, aLead(), { taskQueue });
    const nurtured = await completeGate(client, workflowId, {
      stage: 'prospect-qualification',
      by: BY,
      evidence: { scores: msBrownScores, responsive: true },
    });
    expect(nurtured).toMatchObject({ stage: 'nurture', greeting: { kind: 'pt-plan', status: 'awaiting-approval' } });

    await decideGreeting(client, workflowId, { decision: 'approve', by: BY });
    const [mail, ...others] = await eventually(
      () => suite.outbox(),
      (mails) => mails.length > 0,
    );
    expect(others).toEqual([]);
    expect(mail.subject).toBe('Getting started with Open edX: the P&T plan for Hedera University');
    expect(mail.text).toContain('free trial');
  }));

test('a greeting the owner skips is never sent, and says why on the lead', () =>
  run(async (taskQueue) => {
    const { client } = suite.env;
    const { workflowId } = await startLead(client, aLead(), { taskQueue });
    const skipped = await decideGreeting(client, workflowId, {
      decision: 'skip',
      by: BY,
      note: 'Already spoke on the phone',
    });
    expect(skipped.greeting).toMatchObject({ status: 'skipped', note: 'Already spoke on the phone' });
    expect(await suite.outbox()).toEqual([]);
    expect(await updateRejection(decideGreeting(client, workflowId, { decision: 'maybe' as never, by: BY }))).toMatch(
      /decision: must be 'approve' \(send it\) or 'skip' \(do not send\)/,
    );
  }));

test('the CLI shows the greeting waiting on the lead, and the owner approves it there', () =>
  run(async (taskQueue) => {
    const lead = aLead();
    await startLead(suite.env.client, lead, { taskQueue });
    const status = await runCliWith(suite.env.client, ['status', lead.email]);
    expect(status.stdout).toContain(
      "Greeting:     greeting with the standard hosting/support quote: waiting for the owner's approval",
    );

    const approved = await runCliWith(suite.env.client, ['greeting', lead.email, '--by', BY, '--approve']);
    expect(approved).toMatchObject({ code: 0, stderr: '' });
    expect(approved.stdout).toMatch(
      /greeting with the standard hosting\/support quote: sent by bizdev@example.com on \d{4}-\d\d-\d\d/,
    );
    expect(await suite.outbox()).toHaveLength(1);
  }));
