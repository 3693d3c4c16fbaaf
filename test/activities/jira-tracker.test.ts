import { NonRetryableTaskError } from '../../activities/tasks/errors';
import { externalIdLabel, jiraDuration, JiraTracker } from '../../activities/tasks/jira-tracker';
import type { TaskRequest } from '../../activities/tasks/port';
import { textOfAdf, type AdfDocument } from '../../activities/tasks/adf';
import { startJiraPeer, type JiraPeer } from './peers/jira-peer';

const EMAIL = 'automation@example.com';
const TOKEN = 'atlassian-api-token-0123456789';

const WRONG_TOKEN = 'wrong-token-value';

function withWrongToken(jira: JiraPeer): JiraTracker {
  return new JiraTracker({ baseUrl: jira.baseUrl, email: EMAIL, apiToken: WRONG_TOKEN, projectKey: 'OPS' });
}

/** Refused for good (retrying cannot fix a token), and the token appears nowhere in the error, encoded or not. */
function expectRejectedWithoutToken(failure: unknown): void {
  expect(failure).toBeInstanceOf(NonRetryableTaskError);
  expect((failure as NonRetryableTaskError).status).toBe(401);
  const everything = JSON.stringify(failure, Object.getOwnPropertyNames(failure));
  expect(everything).not.toContain(WRONG_TOKEN);
  expect(everything).not.toContain(Buffer.from(`${EMAIL}:${WRONG_TOKEN}`).toString('base64'));
}

describe('JiraTracker against a loopback Jira Cloud REST v3', () => {
  let jira: JiraPeer;
  let tracker: JiraTracker;

  // A Jira of its own for every test: issue keys (OPS-1, OPS-2) count from the first issue the test itself creates.
  beforeEach(async () => {
    jira = await startJiraPeer({
      email: EMAIL,
      apiToken: TOKEN,
      projectKey: 'OPS',
      users: [
        { accountId: '5b10ac8d82e05b22cc7d4ef5', emailAddress: 'ana@example.com' },
        { accountId: '5b10a2844c20165700ede21g', emailAddress: 'anabel@example.com' },
      ],
    });
    tracker = new JiraTracker({ baseUrl: `${jira.baseUrl}/`, email: EMAIL, apiToken: TOKEN, projectKey: 'OPS' });
  });

  afterEach(async () => {
    await jira.close();
  });

  const discovery: TaskRequest = {
    externalId: 'lead-42:discovery',
    summary: 'Discovery: micro-degrees for Hedera University',
    description:
      'Estimate the micro-degree programme.\n\nMeeting notes: https://drive.example.test/file/d/1/view\n\n- scope\n- estimates',
    assignee: 'ana@example.com',
    dueDate: '2026-01-20',
    estimateHours: 3,
    labels: ['discovery', 'client hedera'],
  };

  it('creates the issue with ADF description, assignee, due date, estimate and labels, using basic auth', async () => {
    const created = await tracker.createTask(discovery);

    expect(created).toEqual({ key: 'OPS-1', url: `${jira.baseUrl}/browse/OPS-1`, created: true });
    expect(jira.requests).toEqual([
      'POST /rest/api/3/search/jql',
      'GET /rest/api/3/user/search',
      'POST /rest/api/3/issue',
    ]);
    expect(new Set(jira.authorizations)).toEqual(
      new Set([`Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`]),
    );

    const { fields } = jira.issues[0];
    expect(fields).toMatchObject({
      project: { key: 'OPS' },
      issuetype: { name: 'Task' },
      summary: 'Discovery: micro-degrees for Hedera University',
      assignee: { accountId: '5b10ac8d82e05b22cc7d4ef5' },
      duedate: '2026-01-20',
      timetracking: { originalEstimate: '3h' },
      labels: ['ext-lead-42:discovery', 'discovery', 'client-hedera'],
    });
    const description = fields.description as AdfDocument;
    expect(description).toMatchObject({ type: 'doc', version: 1 });
    expect(textOfAdf(description)).toBe(discovery.description);
    expect(JSON.stringify(description)).toContain('"href":"https://drive.example.test/file/d/1/view"');
    expect(description.content[2].type).toBe('bulletList');
  });

  it('returns the same issue for the same externalId without a second POST', async () => {
    await expect(tracker.createTask(discovery)).resolves.toMatchObject({ key: 'OPS-1', created: true });
    jira.requests.length = 0;
    const again = await tracker.createTask({ ...discovery, summary: 'changed' });
    expect(again).toEqual({ key: 'OPS-1', url: `${jira.baseUrl}/browse/OPS-1`, created: false });
    expect(jira.requests).toEqual(['POST /rest/api/3/search/jql']);
    expect(jira.issues).toHaveLength(1);
  });

  it('finds the issue on retry when the reply to the create was lost', async () => {
    await tracker.createTask(discovery);
    const request = { ...discovery, externalId: 'lead-43:discovery' };
    jira.loseNextCreateReply();
    const failure = await tracker.createTask(request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(NonRetryableTaskError);

    await expect(tracker.createTask(request)).resolves.toMatchObject({ key: 'OPS-2', created: false });
    expect(jira.issues).toHaveLength(2);
  });

  it('leaves an unknown assignee unassigned and says so in the description', async () => {
    await tracker.createTask({ ...discovery, externalId: 'lead-44:discovery', assignee: 'nobody@example.com' });
    expect(jira.issues).toHaveLength(1);
    const { fields } = jira.issues[0];
    expect(fields.assignee).toBeUndefined();
    expect(textOfAdf(fields.description as AdfDocument)).toContain('Intended assignee: nobody@example.com');
  });

  it('reports rejected credentials as non-retryable, without the token', async () => {
    const failure = await withWrongToken(jira)
      .createTask(discovery)
      .catch((error: unknown) => error);
    expectRejectedWithoutToken(failure);
    expect(jira.issues).toEqual([]);
  });

  it("reports Jira's validation errors as non-retryable", async () => {
    const elsewhere = new JiraTracker({ baseUrl: jira.baseUrl, email: EMAIL, apiToken: TOKEN, projectKey: 'NOPE' });
    await expect(elsewhere.createTask({ ...discovery, externalId: 'lead-45:discovery' })).rejects.toThrow(
      /HTTP 400: project: valid project is required/,
    );
  });
});

describe('Jira helpers', () => {
  it('turns external ids into deterministic, collision-free labels', () => {
    expect(externalIdLabel('lead-42:discovery')).toBe('ext-lead-42:discovery');
    expect(externalIdLabel('lead 42/discovery')).toMatch(/^ext-lead_42_discovery-[0-9a-f]{12}$/);
    expect(externalIdLabel('lead 42/discovery')).not.toBe(externalIdLabel('lead_42_discovery'));
    expect(externalIdLabel('x'.repeat(500)).length).toBeLessThanOrEqual(255);
  });

  it("writes hours in Jira's duration syntax", () => {
    expect(jiraDuration(3)).toBe('3h');
    expect(jiraDuration(1.5)).toBe('1h 30m');
    expect(jiraDuration(0.25)).toBe('15m');
  });
});

describe("a client's sprint tickets, read from a loopback Jira Cloud REST v3", () => {
  let jira: JiraPeer;
  let tracker: JiraTracker;
  const sprint = { start: '2026-11-23', lastDay: '2026-12-06' };

  beforeEach(async () => {
    jira = await startJiraPeer({ email: EMAIL, apiToken: TOKEN, projectKey: 'OPS', users: [] });
    tracker = new JiraTracker({ baseUrl: jira.baseUrl, email: EMAIL, apiToken: TOKEN, projectKey: 'OPS' });
  });

  afterEach(async () => {
    await jira.close();
  });

  it("finds the client's issues by its label and classifies them, across pages", async () => {
    jira.addIssue({ summary: 'SSO login', labels: ['acme'], duedate: '2026-11-27', resolvedOn: '2026-11-26' });
    jira.addIssue({ summary: 'Your logo files', labels: ['acme', '+more-info-please'], duedate: '2026-11-25' });
    jira.addIssue({ summary: 'Old export', labels: ['acme'], duedate: '2026-11-01', resolvedOn: '2026-11-02' });
    jira.addIssue({ summary: 'Next sprint work', labels: ['acme'], duedate: '2026-12-15' });
    jira.addIssue({ summary: 'Another client', labels: ['globex'], duedate: '2026-11-30' });
    for (let n = 1; n <= 6; n++) jira.addIssue({ summary: `Report ${n}`, labels: ['acme'], duedate: `2026-12-0${n}` });

    const tickets = await tracker.sprintTickets({ clientLabel: 'acme', sprint });

    expect(tickets).toEqual({
      planned: ['Report 1', 'Report 2', 'Report 3', 'Report 4', 'Report 5', 'Report 6'],
      done: ['SSO login'],
      waitingOnClient: ['Your logo files'],
    });
    // 9 issues match the query (the one resolved before the sprint does not) at 5 a page: two searches.
    expect(jira.requests).toEqual(['POST /rest/api/3/search/jql', 'POST /rest/api/3/search/jql']);
    expect(jira.searches[0]).toBe(
      'labels = "acme" AND (statusCategory != Done OR resolved >= "2026-11-23") ORDER BY duedate ASC, key ASC',
    );
  });

  it('reads a label as Jira stores it (spaces as dashes), and a client with no issues has an empty sprint', async () => {
    jira.addIssue({ summary: 'Bulk enrolment', labels: ['acme-academy'], duedate: '2026-11-30' });
    await expect(tracker.sprintTickets({ clientLabel: 'acme academy', sprint })).resolves.toEqual({
      planned: ['Bulk enrolment'],
      done: [],
      waitingOnClient: [],
    });
    await expect(tracker.sprintTickets({ clientLabel: 'nobody', sprint })).resolves.toEqual({
      planned: [],
      done: [],
      waitingOnClient: [],
    });
  });

  it('a label cannot change the query: its quotes are escaped', async () => {
    jira.addIssue({ summary: 'Bulk enrolment', labels: ['acme'], duedate: '2026-11-30' });
    await expect(tracker.sprintTickets({ clientLabel: 'x" OR labels = "acme', sprint })).resolves.toEqual({
      planned: [],
      done: [],
      waitingOnClient: [],
    });
    expect(jira.searches[0]).toContain('labels = "x\\"-OR-labels-=-\\"acme" AND');
  });

  it('reports rejected credentials as non-retryable, without the token', async () => {
    const failure = await withWrongToken(jira)
      .sprintTickets({ clientLabel: 'acme', sprint })
      .catch((error: unknown) => error);
    expectRejectedWithoutToken(failure);
    expect((failure as Error).message).toMatch(/Reading the client's sprint tickets from Jira failed with HTTP 401/);
  });
});
