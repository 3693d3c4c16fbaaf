import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from '../../common/config-error';
import { describeConfig, loadConfig } from '../../worker/config';

const SMTP_SECRET = 'smtp-Pa55word-never-shown';
const JIRA_SECRET = 'jira-T0ken-never-shown';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((problem) => problem.variable);
  }
  throw new Error('expected loadConfig to reject this environment');
}

function messageOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to reject this environment');
}

describe('loadConfig', () => {
  let keyDir: string;
  let keyFile: string;

  beforeEach(async () => {
    keyDir = await mkdtemp(path.join(tmpdir(), 'config-'));
    keyFile = path.join(keyDir, 'service-account.json');
    await writeFile(keyFile, '{}');
  });

  afterEach(async () => {
    await rm(keyDir, { recursive: true, force: true });
  });

  it('runs everything locally with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      temporal: { address: 'localhost:7233', namespace: 'default', taskQueue: 'customer-lifecycle' },
      maxCachedWorkflows: 250,
      companyDomain: 'example.com',
      mailFrom: 'Sales <sales@example.com>',
      billing: { invoicesDir: 'invoices', workLogsFile: 'outbox/worklogs.jsonl' },
      bizdevEmail: 'bizdev@example.com',
      stateDir: '.temporal/state',
      mail: { kind: 'outbox', dir: 'outbox' },
      recordings: { kind: 'local-folder', dir: 'local-drive' },
      recordingSources: { folder: 'recordings', allowedHosts: [] },
      tasks: { kind: 'jsonl', file: 'outbox/tasks.jsonl' },
      discoveryDuty: [],
      sprint: { lengthDays: 14, start: '2026-01-05' },
      followUpDays: 7,
      // Nobody on call: every request goes to the Business Development Specialist; 24-hour SLAs.
      support: {
        sla: { byChannel: {}, byClient: {} },
        onCall: { L1: [], L2: [], L3: [] },
        escalationContact: 'bizdev@example.com',
        codenames: {},
      },
    });
  });

  it('treats empty values as unset and derives defaults from COMPANY_DOMAIN', () => {
    const config = loadConfig({ COMPANY_DOMAIN: 'OpenCraft.com', SMTP_HOST: '', MAIL_FROM: '  ' });
    expect(config.mailFrom).toBe('Sales <sales@opencraft.com>');
    expect(config.bizdevEmail).toBe('bizdev@opencraft.com');
    expect(config.mail.kind).toBe('outbox');
  });

  it('switches each port to the real service when its variables are set', () => {
    const config = loadConfig({
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '465',
      SMTP_USER: 'mailer',
      SMTP_PASSWORD: SMTP_SECRET,
      GOOGLE_DRIVE_FOLDER_ID: '1AbC_def-2',
      GOOGLE_APPLICATION_CREDENTIALS: keyFile,
      GOOGLE_DRIVE_ROOT_URL: 'http://127.0.0.1:9999',
      JIRA_BASE_URL: 'https://acme.atlassian.net/',
      JIRA_EMAIL: 'bot@acme.com',
      JIRA_API_TOKEN: JIRA_SECRET,
      JIRA_PROJECT_KEY: 'OPS',
      DISCOVERY_DUTY: 'Ana@x.com, ben@x.com,cy@x.com',
      DISCOVERY_UNAVAILABLE: 'ben@x.com',
    });
    expect(config.mail).toMatchObject({
      kind: 'smtp',
      host: 'smtp.example.com',
      port: 465,
      secure: true,
      delivery: 'at-most-once',
    });
    expect(config.mail.kind === 'smtp' && config.mail.auth?.password.reveal()).toBe(SMTP_SECRET);
    expect(config.recordings).toEqual({
      kind: 'google-drive',
      folderId: '1AbC_def-2',
      credentialsFile: keyFile,
      rootUrl: 'http://127.0.0.1:9999/',
    });
    expect(config.tasks).toMatchObject({ kind: 'jira', baseUrl: 'https://acme.atlassian.net', issueType: 'Task' });
    expect(config.discoveryDuty).toEqual([
      { email: 'ana@x.com', available: true },
      { email: 'ben@x.com', available: false },
      { email: 'cy@x.com', available: true },
    ]);
  });

  it.each<[string, NodeJS.ProcessEnv, boolean]>([
    ['STARTTLS by default on 587', { SMTP_HOST: 'mail', SMTP_PORT: '587' }, false],
    ['implicit TLS by default on 465', { SMTP_HOST: 'mail', SMTP_PORT: '465' }, true],
    ['SMTP_SECURE forced on', { SMTP_HOST: 'mail', SMTP_PORT: '2525', SMTP_SECURE: 'TRUE' }, true],
    ['SMTP_SECURE forced off', { SMTP_HOST: 'mail', SMTP_PORT: '465', SMTP_SECURE: 'false' }, false],
  ])('%s', (_name, env, secure) => {
    const { mail } = loadConfig(env);
    expect(mail.kind === 'smtp' && mail.secure).toBe(secure);
  });

  it.each<[string, NodeJS.ProcessEnv, string[]]>([
    ['a bad port', { SMTP_HOST: 'mail', SMTP_PORT: 'abc' }, ['SMTP_PORT']],
    ['a port out of range', { SMTP_HOST: 'mail', SMTP_PORT: '70000' }, ['SMTP_PORT']],
    ['a non-boolean SMTP_SECURE', { SMTP_HOST: 'mail', SMTP_SECURE: 'yes' }, ['SMTP_SECURE']],
    ['a user without password', { SMTP_HOST: 'mail', SMTP_USER: 'u' }, ['SMTP_PASSWORD']],
    ['a password without user', { SMTP_HOST: 'mail', SMTP_PASSWORD: SMTP_SECRET }, ['SMTP_USER']],
    ['SMTP settings without SMTP_HOST', { SMTP_PORT: '2525' }, ['SMTP_HOST']],
    ['a bad company domain', { COMPANY_DOMAIN: 'not a domain' }, ['COMPANY_DOMAIN']],
    ['a bad MAIL_FROM', { MAIL_FROM: 'Sales <nobody>' }, ['MAIL_FROM']],
    ['a bad Temporal address', { TEMPORAL_ADDRESS: 'localhost' }, ['TEMPORAL_ADDRESS']],
    ['a missing key file', { GOOGLE_APPLICATION_CREDENTIALS: '/no/such/key.json' }, ['GOOGLE_APPLICATION_CREDENTIALS']],
    ['a bad Drive root URL', { GOOGLE_DRIVE_ROOT_URL: 'ftp://x' }, ['GOOGLE_DRIVE_ROOT_URL']],
    ['a bad Drive folder id', { GOOGLE_DRIVE_FOLDER_ID: 'a/b' }, ['GOOGLE_DRIVE_FOLDER_ID']],
    [
      'half the Jira variables',
      { JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_API_TOKEN: JIRA_SECRET },
      ['JIRA_EMAIL', 'JIRA_PROJECT_KEY'],
    ],
    ['a bad Jira email', { JIRA_EMAIL: 'bot' }, ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT_KEY']],
    [
      'a lower-case project key',
      { JIRA_PROJECT_KEY: 'ops' },
      ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT_KEY'],
    ],
    ['a bad duty list', { DISCOVERY_DUTY: 'ana@x.com,ben' }, ['DISCOVERY_DUTY']],
    [
      'an unavailable stranger',
      { DISCOVERY_DUTY: 'ana@x.com', DISCOVERY_UNAVAILABLE: 'zed@x.com' },
      ['DISCOVERY_UNAVAILABLE'],
    ],
    ['a zero sprint length', { SPRINT_LENGTH_DAYS: '0' }, ['SPRINT_LENGTH_DAYS']],
    ['an impossible sprint start', { SPRINT_START: '2026-02-30' }, ['SPRINT_START']],
    ['a fractional follow-up', { FOLLOW_UP_DAYS: '2.5' }, ['FOLLOW_UP_DAYS']],
    ['a bad bizdev address', { BIZDEV_EMAIL: 'bizdev' }, ['BIZDEV_EMAIL']],
    ['a negative workflow cache', { MAX_CACHED_WORKFLOWS: '-1' }, ['MAX_CACHED_WORKFLOWS']],
    ['a workflow cache in words', { MAX_CACHED_WORKFLOWS: 'none' }, ['MAX_CACHED_WORKFLOWS']],
    ['an unknown delivery guarantee', { SMTP_HOST: 'mail', SMTP_DELIVERY: 'exactly-once' }, ['SMTP_DELIVERY']],
    ['recordings read from /proc', { RECORDING_SOURCE_DIR: '/proc/self' }, ['RECORDING_SOURCE_DIR']],
    ['recordings read from anywhere', { RECORDING_SOURCE_DIR: '/' }, ['RECORDING_SOURCE_DIR']],
    ['a URL where a host belongs', { RECORDING_SOURCE_HOSTS: 'https://zoom.us/rec' }, ['RECORDING_SOURCE_HOSTS']],
  ])('names the variable for %s', (_name, env, variables) => {
    expect(problemsOf(env)).toEqual(variables);
  });

  it('lists every bad variable in one error', () => {
    const message = messageOf({
      SMTP_HOST: 'mail',
      SMTP_PORT: 'x',
      SMTP_USER: 'mailer',
      SPRINT_START: 'soon',
      BIZDEV_EMAIL: 'nope',
    });
    expect(message).toMatch(/^Invalid configuration \(4 problems\):/);
    for (const variable of ['SMTP_PORT', 'SMTP_PASSWORD', 'SPRINT_START', 'BIZDEV_EMAIL']) {
      expect(message).toContain(`  - ${variable}: `);
    }
  });

  it('never echoes a secret, in errors or in the summary', () => {
    const broken = messageOf({
      SMTP_HOST: 'mail',
      SMTP_PASSWORD: SMTP_SECRET,
      JIRA_API_TOKEN: JIRA_SECRET,
      JIRA_EMAIL: JIRA_SECRET,
      TEMPORAL_ADDRESS: SMTP_SECRET,
    });
    expect(broken).not.toContain(SMTP_SECRET);
    expect(broken).not.toContain(JIRA_SECRET);

    const config = loadConfig({
      SMTP_HOST: 'smtp.example.com',
      SMTP_USER: 'mailer',
      SMTP_PASSWORD: SMTP_SECRET,
      JIRA_BASE_URL: 'https://acme.atlassian.net',
      JIRA_EMAIL: 'bot@acme.com',
      JIRA_API_TOKEN: JIRA_SECRET,
      JIRA_PROJECT_KEY: 'OPS',
    });
    const summary = describeConfig(config);
    for (const shown of [
      summary,
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      `${String(config.tasks.kind === 'jira' && config.tasks.apiToken)}`,
    ]) {
      expect(shown).not.toContain(SMTP_SECRET);
      expect(shown).not.toContain(JIRA_SECRET);
    }
    expect(summary).toContain('password ***');
    expect(summary).toContain('token ***');
    expect(summary).toContain('SMTP smtp.example.com:587 (STARTTLS required)');
    expect(summary.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('reads the recording sources: a folder and an allow-list of hosts, with or without port', () => {
    const config = loadConfig({
      RECORDING_SOURCE_DIR: '/srv/recordings',
      RECORDING_SOURCE_HOSTS: 'Zoom.us, 127.0.0.1:8080,',
    });
    expect(config.recordingSources).toEqual({ folder: '/srv/recordings', allowedHosts: ['zoom.us', '127.0.0.1:8080'] });
    expect(describeConfig(config)).toContain('files in /srv/recordings/, URLs from zoom.us, 127.0.0.1:8080');
    expect(describeConfig(loadConfig({}))).toContain('URLs from no host (set RECORDING_SOURCE_HOSTS)');
  });

  it('lets the operator choose at-least-once delivery for a send cut off before the relay replied', () => {
    const config = loadConfig({ SMTP_HOST: 'mail', SMTP_DELIVERY: 'At-Least-Once' });
    expect(config.mail).toMatchObject({ kind: 'smtp', delivery: 'at-least-once' });
    expect(describeConfig(config)).toContain('at-least-once, sent-ledger in .temporal/state');
  });

  it('caches the 250 workflows the benchmark chose unless told otherwise, 0 included', () => {
    expect(loadConfig({}).maxCachedWorkflows).toBe(250);
    expect(loadConfig({ MAX_CACHED_WORKFLOWS: '0' }).maxCachedWorkflows).toBe(0);
    expect(loadConfig({ MAX_CACHED_WORKFLOWS: '5000' }).maxCachedWorkflows).toBe(5000);
  });

  it('describes the local setup', () => {
    const summary = describeConfig(
      loadConfig({ DISCOVERY_DUTY: 'ana@x.com,ben@x.com', DISCOVERY_UNAVAILABLE: 'ben@x.com' }),
    );
    expect(summary).toContain('.eml files in outbox/');
    expect(summary).toContain('local folder local-drive/');
    expect(summary).toContain('JSON lines in outbox/tasks.jsonl');
    expect(summary).toContain('ana@x.com, ben@x.com (unavailable)');
  });
});
