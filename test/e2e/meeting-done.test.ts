import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createActivities } from '../../activities';
import { GoogleDriveStore } from '../../activities/drive/google-drive-store';
import { RecordingSources } from '../../common/recording-sources';
import { SmtpMailer } from '../../activities/email/smtp-mailer';
import { getLeadState, startLead } from '../../client/lifecycle';
import { createLifecycleWorker } from '../../worker/create-worker';
import { startDrivePeer, tokenAuth, type DrivePeer } from '../activities/peers/drive-peer';
import { startSmtpPeer, type SmtpPeer } from '../activities/peers/smtp-peer';
import { runCliWith } from '../support/cli';
import { aLead } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer, WORKFLOW_BUNDLE_PATH } from '../support/servers';
import { localAdapters, uniqueTaskQueue, type LocalAdapters } from '../support/worker';
import { TemporalLeadDirectory } from '../../activities/leads/temporal-lead-directory';

let env: TestWorkflowEnvironment;
let smtp: SmtpPeer;
let drive: DrivePeer;
let dir: string;
let local: LocalAdapters;

// A server, an SMTP peer, a Drive and folders of its own for every test in this file.
beforeEach(async () => {
  [env, smtp, drive, dir] = await Promise.all([
    startDevServer(),
    startSmtpPeer(),
    startDrivePeer({ token: 'e2e-token', parentFolderId: 'recordings' }),
    mkdtemp(path.join(tmpdir(), 'meeting-e2e-')),
  ]);
  local = await localAdapters();
});

afterEach(async () => {
  await Promise.all([env?.teardown(), smtp?.close(), drive?.close()]);
  await rm(dir, { recursive: true, force: true });
  await local?.cleanup();
});

test('a meeting reported with the CLI lands in the SMTP server, the recording in Drive, and the link in status', async () => {
  const taskQueue = uniqueTaskQueue('meeting-e2e');
  const mailer = new SmtpMailer({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    from: 'Sales <sales@example.com>',
    stateDir: path.join(dir, 'state'),
  });
  const recordingSources = new RecordingSources({ folder: dir, allowedHosts: [] });
  const worker = await createLifecycleWorker({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundlePath: WORKFLOW_BUNDLE_PATH,
    activities: createActivities({
      ...local,
      temporal: env.client,
      leads: new TemporalLeadDirectory(env.client),
      taskQueue,
      mailer,
      recordingSources,
      recordings: new GoogleDriveStore({
        auth: tokenAuth('e2e-token'),
        parentFolderId: 'recordings',
        rootUrl: drive.rootUrl,
        sources: recordingSources,
      }),
    }),
  });
  const recording = path.join(dir, 'kickoff.webm');
  await writeFile(recording, Buffer.alloc(300 * 1024, 7));

  await worker.runUntil(async () => {
    const { workflowId, lead } = await startLead(env.client, aLead(), { taskQueue });
    const reported = await runCliWith(
      env.client,
      [
        'meeting-done',
        lead.email,
        '--title',
        'Intro call',
        '--by',
        'sales@example.com',
        '--sender-name',
        'Sam Sales',
        '--discussed',
        'Micro-degrees',
        '--next-step',
        'Send requirements',
        '--next-step',
        'Book the discovery',
        '--recording',
        recording,
      ],
      { env: { RECORDING_SOURCE_DIR: dir } },
    );
    expect(reported).toMatchObject({ code: 0, stdout: expect.stringContaining('meeting-1 recorded') });

    const state = await eventually(
      () => getLeadState(env.client, workflowId),
      (s) => s.meetings[0]?.summaryEmail !== 'sending' && s.meetings[0]?.recording?.status !== 'moving',
    );
    expect(state.meetings[0]).toMatchObject({ summaryEmail: 'sent', recording: { status: 'stored' } });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0].parsed;
    expect(mail.subject).toBe('Summary and next steps: Intro call');
    expect(smtp.received[0].envelopeTo.sort()).toEqual([lead.email, 'help+hedera@example.com'].sort());
    expect(mail.text).toContain('Book the discovery');

    const [stored] = drive.filesNamed(
      `${state.meetings[0].heldAt.slice(0, 10)} Intro call (${lead.email} meeting-1).webm`,
    );
    expect(stored.content?.length).toBe(300 * 1024);
    const [folder] = drive.filesNamed('hedera');
    expect(stored.parents).toEqual([folder.id]);

    const status = await runCliWith(env.client, ['status', lead.email]);
    expect(status.stdout).toContain(`recording stored ${state.meetings[0].recording?.link}`);
    expect(status.stdout).toMatch(/Open follow-ups:\n +follow-up-1 +due/);
  });
  mailer.close();
});
