/** What `npm start` decides about its inbox: when it runs Mailpit, and what it says when it cannot. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../common/config-error';
import { loadLocalInboxSettings, startLocalInbox, type LocalInboxSettings } from '../../scripts/local-inbox';
import { freePort } from '../support/ports';

const outbox = { kind: 'outbox', dir: 'outbox' } as const;

let dataDir: string;
const noReport = () => {};

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'local-inbox-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function freeSettings(): Promise<LocalInboxSettings> {
  return { enabled: true, smtpPort: await freePort(), uiPort: await freePort() };
}

test('by default the inbox is on, on the ports Mailpit documents', () => {
  expect(loadLocalInboxSettings({})).toEqual({ enabled: true, smtpPort: 1025, uiPort: 8025 });
  expect(loadLocalInboxSettings({ MAILPIT: 'OFF', MAILPIT_UI_PORT: '18025' })).toEqual({
    enabled: false,
    smtpPort: 1025,
    uiPort: 18025,
  });
});

test('bad settings are refused naming each variable, before anything starts', () => {
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      loadLocalInboxSettings(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };
  expect(problems({ MAILPIT: 'yes', MAILPIT_SMTP_PORT: '70000' })).toEqual([
    { variable: 'MAILPIT', problem: 'must be on or off' },
    { variable: 'MAILPIT_SMTP_PORT', problem: 'must be a whole number from 1 to 65535' },
  ]);
  expect(problems({ MAILPIT_SMTP_PORT: '8025' })).toEqual([
    { variable: 'MAILPIT_UI_PORT', problem: 'must differ from MAILPIT_SMTP_PORT' },
  ]);
});

test('with free ports it runs Mailpit and says where the inbox is', async () => {
  const settings = await freeSettings();
  const inbox = await startLocalInbox(settings, outbox, dataDir, noReport);
  try {
    expect(inbox.mailpit?.smtp).toEqual({ host: '127.0.0.1', port: settings.smtpPort });
    expect(inbox.description).toBe(
      `http://127.0.0.1:${settings.uiPort} (Mailpit v1.27.11, SMTP on 127.0.0.1:${settings.smtpPort})`,
    );
    expect((await fetch(`${inbox.mailpit?.url}/api/v1/messages`)).status).toBe(200);
  } finally {
    await inbox.mailpit?.stop();
  }
});

test('a configured SMTP relay, or MAILPIT=off, starts no inbox', async () => {
  const settings = await freeSettings();
  const relay = { kind: 'smtp', host: 'smtp.example.com', port: 587, secure: false, delivery: 'at-most-once' } as const;
  await expect(startLocalInbox(settings, relay, dataDir, noReport)).resolves.toEqual({
    description: 'off: mail goes to the SMTP relay smtp.example.com:587',
  });
  await expect(startLocalInbox({ ...settings, enabled: false }, outbox, dataDir, noReport)).resolves.toEqual({
    description: 'off (MAILPIT=off): mail is written to outbox/',
  });
});

test('a port already taken leaves mail in the outbox, and says which port', async () => {
  const settings = await freeSettings();
  const squatter: Server = createServer();
  await new Promise<void>((resolve) => squatter.listen(settings.uiPort, '127.0.0.1', resolve));
  try {
    const inbox = await startLocalInbox(settings, outbox, dataDir, noReport);
    expect(inbox.mailpit).toBeUndefined();
    expect(inbox.description).toBe(
      `none, mail is written to outbox/ instead: something already listens on 127.0.0.1:${settings.uiPort} ` +
        '(another `npm start`, or a Mailpit of its own?)',
    );
  } finally {
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
  }
});

test('a MAILPIT_PATH that does not exist leaves mail in the outbox, naming the variable', async () => {
  const located = process.env.MAILPIT_PATH;
  process.env.MAILPIT_PATH = path.join(dataDir, 'no-such-mailpit');
  try {
    const inbox = await startLocalInbox(await freeSettings(), outbox, dataDir, noReport);
    expect(inbox).toEqual({
      description:
        'none, mail is written to outbox/ instead: Mailpit is not available ' +
        `(MAILPIT_PATH points to ${process.env.MAILPIT_PATH}, which does not exist)`,
    });
  } finally {
    process.env.MAILPIT_PATH = located;
  }
});
