import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLead } from '../../client/lifecycle';
import { currentSprint, reviewForHeadsUp } from '../../rules/sprint-updates';
import { startSmtpPeer, type SmtpPeer } from '../activities/peers/smtp-peer';
import { runCliWith } from '../support/cli';
import { aLead } from '../support/leads';
import { startDevServer } from '../support/servers';
import { smtpWorker } from '../support/smtp-worker';
import { localAdapters, uniqueTaskQueue, type LocalAdapters } from '../support/worker';

let env: TestWorkflowEnvironment;
let smtp: SmtpPeer;
let dir: string;
let local: LocalAdapters;

beforeEach(async () => {
  [env, smtp, dir] = await Promise.all([
    startDevServer(),
    startSmtpPeer(),
    mkdtemp(path.join(tmpdir(), 'client-updates-')),
  ]);
  local = await localAdapters();
});

afterEach(async () => {
  await Promise.all([env?.teardown(), smtp?.close()]);
  await rm(dir, { recursive: true, force: true });
  await local?.cleanup();
});

test('a sprint update and a staging heads-up reach the client over SMTP, copied per the conventions, once each', async () => {
  const taskQueue = uniqueTaskQueue('client-updates');
  const worker = await smtpWorker({ env, local, taskQueue, smtpPort: smtp.port, stateDir: dir });
  const cli = (...args: string[]) => runCliWith(env.client, ['--task-queue', taskQueue, ...args]);

  await worker.runUntil(async () => {
    const { lead } = await startLead(env.client, aLead(), { taskQueue });
    const sprintUpdate = [
      'sprint-update',
      lead.email,
      '--planned',
      'Bulk enrolment',
      '--done',
      'SSO login',
      '--done',
      'Course export',
      '--waiting',
      'Your logo files',
      '--by',
      'pm@example.com',
      '--sender-name',
      'Pat',
    ];
    const sent = await cli(...sprintUpdate);
    expect(sent).toMatchObject({ code: 0, stdout: expect.stringMatching(/^sprint-status-.*: sent\n$/) });
    expect(await cli(...sprintUpdate)).toMatchObject({ code: 0, stdout: expect.stringContaining(': already sent') });
    expect(smtp.received).toHaveLength(1);

    const [status] = smtp.received;
    const sprint = currentSprint({ start: '2026-01-05', lengthDays: 14 }, new Date());
    expect(status.envelopeTo.sort()).toEqual([lead.email, 'help+hedera@example.com', 'bizdev@example.com'].sort());
    expect(status.parsed.replyTo?.value[0].address).toBe('pm@example.com');
    expect(status.parsed.subject).toBe(`Sprint update: Hedera University, ${sprint.start} to ${sprint.lastDay}`);
    const text = status.parsed.text ?? '';
    expect(text).toContain('Waiting on you:\n\n- Your logo files\n\nDone this sprint:\n\n- SSO login\n- Course export');
    expect(text).toContain('Planned for this sprint:\n\n- Bulk enrolment');
    expect(text.indexOf('Waiting on you')).toBeLessThan(text.indexOf('Done this sprint'));

    const staging = await cli(
      'staging-ready',
      lead.email,
      '--feature',
      'SSO login',
      '--url',
      'https://staging.hedera.example.edu',
      '--by',
      'pm@example.com',
    );
    const review = reviewForHeadsUp({ start: '2026-01-05', lengthDays: 14 }, new Date());
    expect(staging).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`sent, ahead of the review on ${review}`),
    });
    expect(smtp.received).toHaveLength(2);
    const headsUp = smtp.received[1].parsed;
    expect(headsUp.subject).toBe('Ready for you on staging: SSO login');
    expect(headsUp.text).toContain('ahead of the sprint review on');
    expect(headsUp.text).toContain('- SSO login');
    expect(headsUp.text).toContain('Staging: https://staging.hedera.example.edu');

    const empty = await cli('sprint-update', lead.email, '--by', 'pm@example.com');
    expect(empty).toMatchObject({ code: 2, stderr: expect.stringContaining('tickets: name at least one ticket') });
    const badUrl = await cli('staging-ready', lead.email, '--url', 'ftp://x', '--by', 'pm');
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('by: must be the email of who sends it');
    expect(smtp.received).toHaveLength(2);
  });
});
