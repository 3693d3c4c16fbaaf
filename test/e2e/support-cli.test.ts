import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JiraTracker } from '../../activities/tasks/jira-tracker';
import type { SupportSummary } from '../../client/support';
import type { SupportRequestState } from '../../workflows/support-messages';
import { startJiraPeer, type JiraPeer } from '../activities/peers/jira-peer';
import { startSmtpPeer, type SmtpPeer } from '../activities/peers/smtp-peer';
import { runCliWith } from '../support/cli';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { smtpWorker } from '../support/smtp-worker';
import { localAdapters, uniqueTaskQueue, type LocalAdapters } from '../support/worker';

let env: TestWorkflowEnvironment;
let smtp: SmtpPeer;
let jira: JiraPeer;
let dir: string;
let local: LocalAdapters;

beforeEach(async () => {
  [env, smtp, jira, dir] = await Promise.all([
    startDevServer(),
    startSmtpPeer(),
    startJiraPeer({
      email: 'bot@example.com',
      apiToken: 'jira-token',
      projectKey: 'OPS',
      users: [{ accountId: 'acc-tech', emailAddress: 'tech@example.com' }],
    }),
    mkdtemp(path.join(tmpdir(), 'support-e2e-')),
  ]);
  local = await localAdapters();
});

afterEach(async () => {
  await Promise.all([env?.teardown(), smtp?.close(), jira?.close()]);
  await rm(dir, { recursive: true, force: true });
  await local?.cleanup();
});

test('a support request through the CLI: SMTP notice, a Jira issue under the codename, listed by client and level, answered once', async () => {
  const taskQueue = uniqueTaskQueue('support-e2e');
  const worker = await smtpWorker({
    env,
    local,
    taskQueue,
    smtpPort: smtp.port,
    stateDir: dir,
    overrides: {
      tasks: new JiraTracker({
        baseUrl: jira.baseUrl,
        email: 'bot@example.com',
        apiToken: 'jira-token',
        projectKey: 'OPS',
      }),
    },
  });
  const cli = (...args: string[]) => runCliWith(env.client, ['--task-queue', taskQueue, ...args]);

  await worker.runUntil(async () => {
    const open = [
      'support',
      'open',
      '--client',
      'hush',
      '--client-name',
      'Hush Corp',
      '--id',
      'slack-1712',
      '--channel',
      'chat',
      '--level',
      'L2',
      '--text',
      'Exports time out for large courses',
      '--customer-request',
      '--by',
      'cs@example.com',
    ];
    expect(await cli(...open)).toMatchObject({ code: 0, stdout: 'support-hush-slack-1712: opened\n' });
    expect(await cli(...open)).toMatchObject({
      code: 0,
      stdout: 'support-hush-slack-1712: already open; nothing new started\n',
    });

    await eventually(
      async () => smtp.received.length,
      (count) => count > 0,
    );
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].envelopeTo).toEqual(['tech@example.com']);
    expect(smtp.received[0].parsed.subject).toMatch(/^New L2 support request from Hush Corp: first answer due /);

    await eventually(
      async () => jira.issues.length,
      (count) => count > 0,
    );
    expect(jira.issues).toHaveLength(1);
    const { fields } = jira.issues[0];
    expect(fields.summary).toBe('Customer request (ceres): Exports time out for large courses');
    expect(fields.labels).toEqual(expect.arrayContaining(['customer-request', 'ceres']));
    expect(fields.assignee).toEqual({ accountId: 'acc-tech' });
    expect(JSON.stringify(fields)).not.toMatch(/hush/i);

    const list = async (...filters: string[]) => {
      const run = await cli('--json', 'support', 'list', ...filters);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      return (JSON.parse(run.stdout) as SupportSummary[]).map((row) => `${row.workflowId} ${row.level} ${row.status}`);
    };
    const listed = await eventually(
      () => list('--client', 'hush', '--level', 'L2'),
      (rows) => rows.length > 0,
    );
    expect(listed).toEqual(['support-hush-slack-1712 L2 open']);
    expect(await list('--client', 'acme')).toEqual([]);
    expect(await list('--breached')).toEqual([]);

    const waiting = await cli(
      '--json',
      'support',
      'wait',
      'hush/slack-1712',
      '--by',
      'tech@example.com',
      '--note',
      'Which course?',
    );
    expect(waiting.code).toBe(0);
    expect((JSON.parse(waiting.stdout) as SupportRequestState).status).toBe('waiting-on-client');
    // The "+" label on the Jira issue, as the handbook's bot would see it.
    expect(
      await eventually(
        async () => [...(jira.issues[0].fields.labels ?? [])],
        (labels) => labels.includes('+more-info-please'),
      ),
    ).toContain('+more-info-please');
    expect(
      await eventually(
        () => list('--client', 'hush'),
        (rows) => rows[0]?.endsWith('waiting-on-client'),
      ),
    ).toEqual(['support-hush-slack-1712 L2 waiting-on-client']);

    const answered = await cli('support', 'answer', 'support-hush-slack-1712', '--by', 'tech@example.com');
    expect(answered.code).toBe(0);
    expect(answered.stdout).toContain('hush/slack-1712: waiting-on-client, L2, chat');
    expect(answered.stdout).toContain('answered ');
    const again = await cli('support', 'answer', 'hush/slack-1712', '--by', 'tech@example.com');
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('the first answer was recorded at') });

    const status = await cli('support', 'status', 'hush/slack-1712');
    expect(status.stdout).toContain('tracker issue OPS-1');
    expect(status.stdout).toContain('waiting on the client (+more info please): the SLA clock is stopped');
  });
});

test('bad input names every wrong field, exits 2 and starts nothing', async () => {
  const run = await runCliWith(env.client, [
    'support',
    'open',
    '--client',
    'Acme Inc',
    '--client-name',
    'Acme',
    '--id',
    'a b',
    '--channel',
    'fax',
    '--level',
    'L9',
    '--text',
    'help',
  ]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('requestId: must be 1 to 64 letters');
  expect(run.stderr).toContain('clientLabel: must be the mailing-list label');
  expect(run.stderr).toContain('channel: must be one of chat, email, issue');
  expect(run.stderr).toContain('level: must be one of L1, L2, L3');
  const { executions } = await env.client.workflowService.listWorkflowExecutions({
    namespace: env.namespace ?? 'default',
  });
  expect(executions).toHaveLength(0);
});
