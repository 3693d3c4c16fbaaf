import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NonRetryableStoreError } from '../../common/store-errors';
import { GoogleDriveStore } from '../../activities/drive/google-drive-store';
import { RecordingSources } from '../../common/recording-sources';
import { NonRetryableTaskError } from '../../activities/tasks/errors';
import { JiraTracker } from '../../activities/tasks/jira-tracker';
import type { TaskRequest } from '../../activities/tasks/port';
import { startDrivePeer, tokenAuth } from './peers/drive-peer';
import { startJiraPeer } from './peers/jira-peer';

const EMAIL = 'automation@example.com';
const TOKEN = 'ATATT3xFfGF0-real-looking-token_0123456789';

const task: TaskRequest = {
  externalId: 'lead-1:discovery',
  summary: 'Discovery: Hedera',
  description: 'Estimate it.',
  assignee: '',
  dueDate: '2026-01-20',
  estimateHours: 3,
};

/** Everything an error carries that could end up in a log or the workflow history. */
function everythingIn(error: unknown): string {
  return JSON.stringify(error, Object.getOwnPropertyNames(error));
}

function expectNoJiraCredential(text: string, token: string): void {
  expect(text).not.toContain(token);
  expect(text).not.toContain(Buffer.from(`${EMAIL}:${token}`).toString('base64'));
  expect(text).not.toContain(Buffer.from(`${EMAIL}:${token}`).toString('base64').replace(/=+$/, ''));
}

describe('Jira errors never carry the credential, even when Jira echoes the Authorization header', () => {
  test('a rejected token (401) echoed in errorMessages', async () => {
    const jira = await startJiraPeer({
      email: EMAIL,
      apiToken: TOKEN,
      projectKey: 'OPS',
      users: [],
      echoAuthorization: 'json',
    });
    try {
      const wrongToken = 'ATATT3xFfGF0-wrong-token_9876543210';
      const tracker = new JiraTracker({ baseUrl: jira.baseUrl, email: EMAIL, apiToken: wrongToken, projectKey: 'OPS' });
      const failure = await tracker.createTask(task).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(NonRetryableTaskError);
      expect((failure as Error).message).toContain('HTTP 401');
      expect((failure as Error).message).toContain('Received Authorization: Basic ***');
      expectNoJiraCredential(everythingIn(failure), wrongToken);
    } finally {
      await jira.close();
    }
  });

  test('a validation error (400) echoing the valid credential', async () => {
    const jira = await startJiraPeer({
      email: EMAIL,
      apiToken: TOKEN,
      projectKey: 'OPS',
      users: [],
      echoAuthorization: 'json',
    });
    try {
      const tracker = new JiraTracker({ baseUrl: jira.baseUrl, email: EMAIL, apiToken: TOKEN, projectKey: 'NOPE' });
      const failure = await tracker.createTask(task).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(NonRetryableTaskError);
      expect((failure as Error).message).toContain('project: valid project is required');
      expectNoJiraCredential(everythingIn(failure), TOKEN);
    } finally {
      await jira.close();
    }
  });

  test("a proxy's HTML error page listing the request headers (502, retryable)", async () => {
    const jira = await startJiraPeer({
      email: EMAIL,
      apiToken: TOKEN,
      projectKey: 'OPS',
      users: [],
      echoAuthorization: 'proxy-page',
    });
    try {
      const tracker = new JiraTracker({ baseUrl: jira.baseUrl, email: EMAIL, apiToken: TOKEN, projectKey: 'OPS' });
      const failure = await tracker.createTask(task).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(NonRetryableTaskError);
      expect((failure as Error).message).toContain('HTTP 502');
      expect((failure as Error).message).toContain('Authorization: Basic ***');
      expectNoJiraCredential(everythingIn(failure), TOKEN);
    } finally {
      await jira.close();
    }
  });
});

test.each([
  ['a 401 echoing the header in errorMessages', 'json', 'wrong-sprint-token_0123456789', 'HTTP 401'],
  ["a proxy's 502 page listing the headers", 'proxy-page', TOKEN, 'HTTP 502'],
] as const)("reading a client's sprint tickets: %s leaves the credential out", async (_name, echo, token, status) => {
  const jira = await startJiraPeer({
    email: EMAIL,
    apiToken: TOKEN,
    projectKey: 'OPS',
    users: [],
    echoAuthorization: echo,
  });
  try {
    const tracker = new JiraTracker({ baseUrl: jira.baseUrl, email: EMAIL, apiToken: token, projectKey: 'OPS' });
    const failure = await tracker
      .sprintTickets({ clientLabel: 'acme', sprint: { start: '2026-11-23', lastDay: '2026-12-06' } })
      .catch((error: unknown) => error);
    expect((failure as Error).message).toContain(status);
    expect((failure as Error).message).toContain('Authorization: Basic ***');
    expectNoJiraCredential(everythingIn(failure), token);
  } finally {
    await jira.close();
  }
});

test('Drive errors never carry the bearer token, even when the reply echoes it', async () => {
  const drive = await startDrivePeer({ token: 'good-token', parentFolderId: 'parent', echoAuthorization: true });
  const dir = await mkdtemp(path.join(tmpdir(), 'drive-redaction-'));
  try {
    await writeFile(path.join(dir, 'intro.mp4'), 'video');
    const expired = 'ya29.a0AfB_expired-access-token-0123456789';
    const store = new GoogleDriveStore({
      auth: tokenAuth(expired),
      parentFolderId: 'parent',
      rootUrl: drive.rootUrl,
      sources: new RecordingSources({ folder: dir, allowedHosts: [] }),
    });
    const failure = await store
      .storeRecording({
        source: path.join(dir, 'intro.mp4'),
        clientFolder: 'hedera',
        fileName: 'a.mp4',
        idempotencyKey: 'k',
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NonRetryableStoreError);
    expect((failure as Error).message).toContain('Received Authorization: Bearer ***');
    expect(everythingIn(failure)).not.toContain(expired);
    expect(everythingIn(failure)).not.toContain('expired-access-token');
  } finally {
    await Promise.all([drive.close(), rm(dir, { recursive: true, force: true })]);
  }
});
