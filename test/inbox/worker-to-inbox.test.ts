/**
 * What a newcomer sees after `npm start`: the worker, as `npm start` configures it with the inbox as its SMTP relay,
 * sends a lead's first-contact greeting once its owner approves it, and the inbox shows it as the client gets it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decideGreeting, startLead } from '../../client/lifecycle';
import { mailpitSmtpEnvironment } from '../../scripts/mailpit-server';
import { codecClient, startWorkerProcess, testKeyEntry, type WorkerProcess } from '../faults/harness';
import { aLead, BY } from '../support/leads';
import { addressesOf, awaitInbox, startTestMailpit } from '../support/mailpit';
import { startDevServer } from '../support/servers';
import { uniqueTaskQueue } from '../support/worker';

jest.setTimeout(300_000);

let env: TestWorkflowEnvironment;
let mailpit: Awaited<ReturnType<typeof startTestMailpit>>;
let dir: string;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  [env, mailpit, dir] = await Promise.all([
    startDevServer(),
    startTestMailpit(),
    mkdtemp(path.join(tmpdir(), 'worker-to-inbox-')),
  ]);
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([env?.teardown(), mailpit?.cleanup()]);
  await rm(dir, { recursive: true, force: true });
});

test("an approved greeting reaches the inbox with the lead as recipient, the label's help address in CC", async () => {
  const keys = testKeyEntry();
  const taskQueue = uniqueTaskQueue('worker-to-inbox');
  worker = await startWorkerProcess({
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PAYLOAD_KEYS: keys,
    ...mailpitSmtpEnvironment(mailpit),
    STATE_DIR: path.join(dir, 'state'),
    OUTBOX_DIR: path.join(dir, 'outbox'),
    LOCAL_DRIVE_DIR: path.join(dir, 'drive'),
    RECORDING_SOURCE_DIR: path.join(dir, 'recordings'),
    TASKS_FILE: path.join(dir, 'tasks.jsonl'),
    WORK_LOGS_FILE: path.join(dir, 'worklogs.jsonl'),
    INVOICES_DIR: path.join(dir, 'invoices'),
  });
  const { client, close } = await codecClient(env.address, keys);
  try {
    const lead = aLead({ organisation: 'Hedera University', mailingListLabel: 'hedera', owner: BY });
    await startLead(client, lead, { taskQueue });
    await decideGreeting(client, lead.email, { decision: 'approve', by: BY });

    const [greeting, ...others] = await awaitInbox(mailpit.url, 1, 300);
    expect(others).toEqual([]);
    expect(greeting.Subject).toBe('Thank you for contacting us: hosting and support for Hedera University');
    expect(addressesOf(greeting.To)).toEqual([lead.email]);
    expect(addressesOf(greeting.Cc)).toEqual(['help+hedera@example.com']);
    expect(addressesOf(greeting.ReplyTo)).toEqual([BY]);
    expect(greeting.From.Address).toBe('sales@example.com');
    // It went to the inbox instead of the .eml outbox, not as well.
    await expect(readdir(path.join(dir, 'outbox'))).rejects.toMatchObject({ code: 'ENOENT' });
  } finally {
    await close();
  }
});
