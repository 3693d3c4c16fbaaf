/**
 * Client data at rest on the Temporal server is ciphertext; the Web UI's codec endpoint opens it only for the UI's
 * origin and the right token; a rotated-out key still opens old payloads; and no secret (SMTP password, Jira token,
 * payload key, codec token) shows up in any output, error or history. Real processes throughout: the worker and
 * the CLI run as `npm run worker` and `npm run cli` would, against a dev server, a TLS SMTP relay that requires
 * a login and a Jira peer.
 */
import type { Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCodecServer, type RunningCodecServer } from '../../codec/codec-server';
import { AesGcmPayloadCodec, isEncrypted, loadPayloadKeys, parseKeys } from '../../codec/payload-codec';
import { getLeadState, leadHandle } from '../../client/lifecycle';
import { startJiraPeer, type JiraPeer } from '../activities/peers/jira-peer';
import { startSmtpPeer, type SmtpPeer } from '../activities/peers/smtp-peer';
import { gatesToBilling } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { uniqueTaskQueue } from '../support/worker';
import {
  allWorkerOutput,
  codecClient,
  codecFor,
  PROJECT_ROOT,
  startWorkerProcess,
  testKeyEntry,
  type WorkerProcess,
} from './harness';

jest.setTimeout(300_000);

const enc = (value: unknown): Payload => ({
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from(JSON.stringify(value)),
});

describe('the payload codec', () => {
  test('encrypts with the first key, names it in the payload, and a rotated-out key still decrypts', async () => {
    const [oldKey, newKey] = [testKeyEntry('old'), testKeyEntry('new')];
    const sealed = await codecFor(oldKey).encode([enc({ email: 'ana@acme.example' })]);
    expect(isEncrypted(sealed[0])).toBe(true);
    expect(Buffer.from(sealed[0].metadata?.['encryption-key-id'] ?? []).toString()).toBe('old');
    expect(Buffer.from(sealed[0].data ?? []).toString('latin1')).not.toContain('ana@acme.example');

    const rotated = codecFor(`${newKey},${oldKey}`);
    const [opened] = await rotated.decode(sealed);
    expect(JSON.parse(Buffer.from(opened.data ?? []).toString())).toEqual({ email: 'ana@acme.example' });
    const [resealed] = await rotated.encode([opened]);
    expect(Buffer.from(resealed.metadata?.['encryption-key-id'] ?? []).toString()).toBe('new');

    // Without the old key the payload cannot be read, and the error names the key id, never a key.
    await expect(codecFor(newKey).decode(sealed)).rejects.toThrow('payload encrypted with key "old"');
    // A tampered payload is refused (GCM's tag), not decoded into garbage.
    const tampered = { ...sealed[0], data: Buffer.from(sealed[0].data ?? []).fill(1, 20, 21) };
    await expect(codecFor(oldKey).decode([tampered])).rejects.toThrow();
  });

  test('payloads that were never encrypted pass through untouched', async () => {
    const plain = enc({ stage: 'lead' });
    expect(await codecFor(testKeyEntry()).decode([plain])).toEqual([plain]);
  });

  test('with no key configured, the first process creates a key file (owner-only) that later ones reuse', async () => {
    const keyDir = await mkdtemp(path.join(tmpdir(), 'payload-key-'));
    try {
      const file = path.join(keyDir, 'nested', 'payload-keys');
      const first = loadPayloadKeys({ PAYLOAD_KEY_FILE: file });
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const again = loadPayloadKeys({ PAYLOAD_KEY_FILE: file });
      expect(again).toEqual(first);
      expect(first[0].key).toHaveLength(32);
      // PAYLOAD_KEYS wins over the file.
      expect(loadPayloadKeys({ PAYLOAD_KEY_FILE: file, PAYLOAD_KEYS: testKeyEntry('env') })[0].id).toBe('env');
    } finally {
      await rm(keyDir, { recursive: true, force: true });
    }
  });

  test('bad key settings are refused without quoting the key', () => {
    const notAKey = 'k1:c2hvcnQ=';
    expect(() => parseKeys(notAKey, 'PAYLOAD_KEYS')).toThrow('key k1 must be 32 bytes');
    try {
      parseKeys(notAKey, 'PAYLOAD_KEYS');
    } catch (error) {
      expect(String(error)).not.toContain('c2hvcnQ=');
    }
    expect(() => new AesGcmPayloadCodec([])).toThrow();
  });
});

describe('a lead on the server, through the worker and CLI processes', () => {
  const SMTP_PASSWORD = 'smtp-pass-MARKER-7f3a9c';
  const JIRA_TOKEN = 'jira-token-MARKER-2b8e1d';
  const CODEC_TOKEN = 'codec-token-MARKER-5c1f0e';
  const UI_ORIGIN = 'http://localhost:8233';
  const payloadKeys = testKeyEntry('current');
  const keyMaterial = payloadKeys.split(':')[1];
  const secrets = { SMTP_PASSWORD, JIRA_TOKEN, CODEC_TOKEN, payloadKey: keyMaterial };

  let env: TestWorkflowEnvironment;
  let smtp: SmtpPeer;
  let jira: JiraPeer;
  let codecServer: RunningCodecServer;
  let worker: WorkerProcess | undefined;
  let dir: string;
  const cliOutput: string[] = [];

  beforeAll(async () => {
    [env, smtp, jira, dir] = await Promise.all([
      startDevServer(),
      startSmtpPeer({ credentials: { user: 'mailer@example.com', password: SMTP_PASSWORD } }),
      startJiraPeer({
        email: 'bot@example.com',
        apiToken: JIRA_TOKEN,
        projectKey: 'OPS',
        users: ['bizdev@example.com', 'dev@example.com'].map((emailAddress, i) => ({
          accountId: `acct-${i}`,
          emailAddress,
        })),
      }),
      mkdtemp(path.join(tmpdir(), 'encryption-')),
    ]);
    codecServer = await startCodecServer({
      codec: codecFor(payloadKeys),
      uiOrigin: UI_ORIGIN,
      token: CODEC_TOKEN,
    });
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), smtp?.close(), jira?.close(), codecServer?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The CLI as `npm run cli` runs it: its own process, its configuration from the environment. */
  function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'client', 'cli.ts'), ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, TEMPORAL_ADDRESS: env.address, PAYLOAD_KEYS: payloadKeys, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolve) =>
      child.on('exit', (code) => {
        cliOutput.push(output);
        resolve({ code: code ?? 1, output });
      }),
    );
  }

  test('the server holds ciphertext, the codec endpoint opens it for the UI with the token, secrets never leak', async () => {
    const taskQueue = uniqueTaskQueue('encryption');
    const recordings = path.join(dir, 'recordings');
    await mkdir(recordings, { recursive: true });
    const secretEnv = {
      SMTP_PASSWORD,
      JIRA_API_TOKEN: JIRA_TOKEN,
      PAYLOAD_KEYS: payloadKeys,
      CODEC_SERVER_TOKEN: CODEC_TOKEN,
    };
    worker = await startWorkerProcess({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'mailer@example.com',
      // The relay's certificate is smtp-server's self-signed one.
      NODE_TLS_REJECT_UNAUTHORIZED: '0',
      STATE_DIR: path.join(dir, 'state'),
      LOCAL_DRIVE_DIR: path.join(dir, 'drive'),
      RECORDING_SOURCE_DIR: recordings,
      JIRA_BASE_URL: jira.baseUrl,
      JIRA_EMAIL: 'bot@example.com',
      JIRA_PROJECT_KEY: 'OPS',
      INVOICES_DIR: path.join(dir, 'invoices'),
      DISCOVERY_DUTY: 'dev@example.com',
      WORK_LOGS_FILE: path.join(dir, 'worklogs.jsonl'),
      ...secretEnv,
    });
    const email = `ana.${Date.now()}@acme-academy.example`;
    const cliEnv = { TEMPORAL_TASK_QUEUE: taskQueue, ...secretEnv };

    const started = await cli(
      ['start', '--name', 'Ana Silva', '--organisation', 'Acme Academy', '--email', email, '--label', 'acme'].concat([
        '--source',
        'website',
      ]),
      cliEnv,
    );
    expect(started).toMatchObject({ code: 0 });
    const met = await cli(
      ['meeting-done', email, '--title', 'Intro call', '--by', 'sales@example.com', '--next-step', 'Send the plan'],
      cliEnv,
    );
    expect(met).toMatchObject({ code: 0 });
    // An error path too: a gate out of order, rejected, as the CLI reports it.
    const rejected = await cli(['gate', email, 'blueprint', '--by', 'bizdev@example.com'], cliEnv);
    expect(rejected.code).not.toBe(0);
    // Up to Blueprint, where discovery scheduling creates a Jira task with the token.
    for (const gate of gatesToBilling.slice(0, 3)) {
      const passed = await cli(
        ['gate', email, gate.stage, '--by', gate.by, '--evidence', JSON.stringify(gate.evidence)],
        cliEnv,
      );
      expect(passed).toMatchObject({ code: 0 });
    }

    const { client: decoding, close } = await codecClient(env.address, payloadKeys);
    try {
      const workflowId = leadHandle(decoding, email).workflowId;
      const state = await eventually(
        () => getLeadState(decoding, workflowId),
        (s) => s.meetings[0]?.summaryEmail === 'sent' && s.discovery?.scheduled !== undefined,
      );
      expect(state.lead.email).toBe(email);
      expect(jira.issues).toHaveLength(1);
      // The meeting summary to the lead and the discovery notice to Discovery Duty, both through the login relay.
      expect(smtp.received.map((mail) => mail.parsed.subject)).toEqual([
        'Summary and next steps: Intro call',
        'Discovery assigned to you: Acme Academy',
      ]);
      const status = await cli(['status', email], cliEnv);
      expect(status.output).toContain(email);

      // Straight from the server, without the codec: no payload holds the lead's email, all are encrypted.
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      const raw = JSON.stringify(history);
      // Every payload in it: none holds the email; all but the search attributes (which the server must be able to
      // index, and which hold no client data) are encrypted. The workflow id is not a payload: it is `lead-<email>`
      // (workflows/lead.ts), so the email does show there, in the server's visibility store.
      const payloads = payloadsIn(history);
      expect(payloads.length).toBeGreaterThan(20);
      for (const payload of payloads) {
        expect(Buffer.from(payload.data ?? []).toString('latin1')).not.toContain(email);
      }
      const searchAttributes = new Set(payloadsIn(history.events?.map((event) => searchAttributesOf(event)) ?? []));
      expect(payloads.filter((payload) => !searchAttributes.has(payload) && !isEncrypted(payload))).toEqual(
        payloads.filter((payload) => isPatchMarker(payload)),
      );
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
      expect(started.length).toBeGreaterThan(0);
      expect(started.every((payload) => isEncrypted(payload))).toBe(true);
      const description = await env.client.workflowService.describeWorkflowExecution({
        namespace: 'default',
        execution: { workflowId },
      });
      for (const payload of payloadsIn(description)) {
        expect(Buffer.from(payload.data ?? []).toString('latin1')).not.toContain(email);
      }
      const described = JSON.stringify(description);

      // The Web UI's codec endpoint: the right origin and token decode it; no token, a wrong token or another
      // origin get nothing.
      const body = JSON.stringify({
        payloads: started.map((payload) => ({
          metadata: Object.fromEntries(
            Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
          ),
          data: Buffer.from(payload.data ?? []).toString('base64'),
        })),
      });
      const decode = (headers: Record<string, string>) =>
        fetch(`${codecServer.url}/decode`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers },
          body,
        });
      const ok = await decode({ Origin: UI_ORIGIN, Authorization: `Bearer ${CODEC_TOKEN}` });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
      const decoded = (await ok.json()) as { payloads: { data: string }[] };
      expect(Buffer.from(decoded.payloads[0].data, 'base64').toString()).toContain(email);

      const noToken = await decode({ Origin: UI_ORIGIN });
      expect(noToken.status).toBe(401);
      expect(await noToken.text()).not.toContain(email);
      expect((await decode({ Origin: UI_ORIGIN, Authorization: 'Bearer wrong' })).status).toBe(401);
      const otherOrigin = await decode({ Origin: 'http://evil.example', Authorization: `Bearer ${CODEC_TOKEN}` });
      expect(otherOrigin.status).toBe(403);
      expect(otherOrigin.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${codecServer.url}/decode`, {
        method: 'OPTIONS',
        headers: {
          Origin: UI_ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type,x-namespace',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);

      // No secret anywhere: worker logs, CLI output and errors, the history and the execution as stored, decoded or not.
      const decodedHistory = JSON.stringify(
        await Promise.all(
          (history.events ?? []).flatMap((event) =>
            [
              event.workflowExecutionStartedEventAttributes?.input,
              event.activityTaskScheduledEventAttributes?.input,
              event.activityTaskCompletedEventAttributes?.result,
              event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args,
              event.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success,
            ]
              .filter((payloads) => payloads?.payloads?.length)
              .map((payloads) => codecFor(payloadKeys).decode((payloads?.payloads ?? []) as Payload[])),
          ),
        ).then((all) => all.flat().map((payload) => Buffer.from(payload.data ?? []).toString())),
      );
      expect(decodedHistory).toContain(email);
      const everything = {
        worker: allWorkerOutput.join('\n'),
        cli: cliOutput.join('\n'),
        history: raw,
        decodedHistory,
        described,
        state: JSON.stringify(state),
      };
      expect(everything.worker).toContain('Payloads:');
      for (const [where, text] of Object.entries(everything)) {
        for (const [name, secret] of Object.entries(secrets)) {
          if (text.includes(secret)) throw new Error(`${name} appears in ${where}`);
          if (text.includes(Buffer.from(secret).toString('base64'))) {
            throw new Error(`${name} appears base64-encoded in ${where}`);
          }
        }
      }
    } finally {
      await close();
    }
  });
});

/** Every Payload (an object with `metadata` and binary `data`) anywhere inside a proto message. */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return found;
  if (Array.isArray(value)) {
    for (const item of value) payloadsIn(item, found);
    return found;
  }
  const record = value as Record<string, unknown>;
  if ('metadata' in record && record.data instanceof Uint8Array) {
    found.push(record);
    return found;
  }
  for (const item of Object.values(record)) payloadsIn(item, found);
  return found;
}

function searchAttributesOf(event: object): unknown {
  const attributes = event as {
    workflowExecutionStartedEventAttributes?: { searchAttributes?: unknown };
    upsertWorkflowSearchAttributesEventAttributes?: { searchAttributes?: unknown };
  };
  return [
    attributes.workflowExecutionStartedEventAttributes?.searchAttributes,
    attributes.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes,
  ];
}

/** The SDK's own patch markers (`patched()`): the patch id, written by the workflow sandbox without the codec. */
function isPatchMarker(payload: Payload): boolean {
  return /^\{"id":"[^"]+","deprecated":(true|false)\}$/.test(Buffer.from(payload.data ?? []).toString());
}
