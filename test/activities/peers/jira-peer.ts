import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JiraIssue {
  id: string;
  key: string;
  fields: Record<string, unknown> & { labels?: string[] };
}

export interface JiraUser {
  accountId: string;
  emailAddress: string;
}

export interface JiraPeer {
  baseUrl: string;
  issues: JiraIssue[];
  /** Every request as `METHOD /path`. */
  requests: string[];
  /** Authorization headers as received. */
  authorizations: string[];
  /** Creates the next issue but replies 502, as a proxy timing out would. */
  loseNextCreateReply(): void;
  /** Changes how long each issue creation takes to be answered from now on. */
  setCreateDelay(ms: number): void;
  /** An issue people made and moved in Jira: open (To Do) or done, resolved on `resolvedOn`. */
  addIssue(issue: { summary: string; labels: string[]; duedate?: string; resolvedOn?: string }): JiraIssue;
  /** The JQL of every search, in order. */
  searches: string[];
  close(): Promise<void>;
}

/** Jira may answer fewer than `maxResults` a page; this peer answers at most 5, so the adapter's paging is exercised. */
const PAGE_SIZE = 5;

/** `labels = "acme" AND (statusCategory != Done OR resolved >= "2026-11-23") ORDER BY duedate ASC, key ASC` */
const SPRINT_JQL =
  /^labels = "((?:[^"\\]|\\.)+)" AND \(statusCategory != Done OR resolved >= "(\d{4}-\d{2}-\d{2})"\) ORDER BY duedate ASC, key ASC$/;

function isDone(issue: JiraIssue): boolean {
  return (issue.fields.status as { statusCategory?: { key?: string } } | undefined)?.statusCategory?.key === 'done';
}

function resolvedOn(issue: JiraIssue): string {
  return typeof issue.fields.resolutiondate === 'string' ? issue.fields.resolutiondate.slice(0, 10) : '';
}

/** Jira sorts empty due dates last in ascending order. */
function byDueDateThenKey(a: JiraIssue, b: JiraIssue): number {
  const due = (issue: JiraIssue) => (typeof issue.fields.duedate === 'string' ? issue.fields.duedate : '9999-99-99');
  return due(a).localeCompare(due(b)) || Number(a.id) - Number(b.id);
}

/**
 * The slice of Jira Cloud REST v3 the JiraTracker uses: enhanced JQL search (by label, and a client's sprint
 * tickets, paged with nextPageToken), user search, and issue
 * creation with Jira's own validation style (`{ errorMessages, errors }`), behind basic auth with an API token.
 */
export async function startJiraPeer(options: {
  email: string;
  apiToken: string;
  projectKey: string;
  users: JiraUser[];
  /**
   * Error replies that quote the request's Authorization header, as some Jira error pages and proxies do:
   * `json` adds it to Jira's own `errorMessages` (401 and 400); `proxy-page` answers every request with a 502 HTML
   * page listing the request headers.
   */
  echoAuthorization?: 'json' | 'proxy-page';
  /** A slow Jira: milliseconds before each issue creation is answered (the issue exists from the start). */
  createDelayMs?: number;
}): Promise<JiraPeer> {
  const expectedAuthorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const issues: JiraIssue[] = [];
  const requests: string[] = [];
  const authorizations: string[] = [];
  const searches: string[] = [];
  let loseCreateReply = false;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method} ${url.pathname}`);
    authorizations.push(request.headers.authorization ?? '');
    const text = await readBody(request);
    const echoed = `Received Authorization: ${request.headers.authorization ?? '(none)'}`;

    if (options.echoAuthorization === 'proxy-page') {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      return void response.end(
        `<html><body>Bad gateway. ${request.method} ${url.pathname}; Authorization: ${request.headers.authorization}</body></html>`,
      );
    }

    if (request.headers.authorization !== expectedAuthorization) {
      return json(response, 401, {
        errorMessages: [
          'Client must be authenticated to access this resource.',
          ...(options.echoAuthorization === 'json' ? [echoed] : []),
        ],
      });
    }

    if (request.method === 'POST' && url.pathname === '/rest/api/3/search/jql') {
      const { jql, fields, maxResults, nextPageToken } = JSON.parse(text) as {
        jql: string;
        fields?: string[];
        maxResults?: number;
        nextPageToken?: string;
      };
      searches.push(jql);
      const byLabel = /^labels = "([^"]+)"(?: ORDER BY created ASC)?$/.exec(jql);
      const sprint = SPRINT_JQL.exec(jql);
      let found: JiraIssue[];
      if (byLabel) found = issues.filter((issue) => issue.fields.labels?.includes(byLabel[1]));
      else if (sprint) {
        const label = sprint[1].replace(/\\(.)/g, '$1');
        found = issues
          .filter((issue) => issue.fields.labels?.includes(label))
          .filter((issue) => !isDone(issue) || resolvedOn(issue) >= sprint[2])
          .sort(byDueDateThenKey);
      } else return json(response, 400, { errorMessages: [`Unsupported JQL in this test peer: ${jql}`] });
      // Jira's enhanced search pages with an opaque token; here it is the offset, base64-encoded.
      const offset = nextPageToken ? Number(Buffer.from(nextPageToken, 'base64').toString('utf8')) : 0;
      const size = Math.min(maxResults ?? PAGE_SIZE, PAGE_SIZE);
      const page = found.slice(offset, offset + size);
      const more = offset + size < found.length;
      return json(response, 200, {
        issues: page.map(({ id, key, fields: all }) => ({
          id,
          key,
          fields: Object.fromEntries((fields ?? []).filter((name) => name in all).map((name) => [name, all[name]])),
        })),
        ...(more ? { nextPageToken: Buffer.from(String(offset + size)).toString('base64') } : {}),
        isLast: !more,
      });
    }

    if (request.method === 'GET' && url.pathname === '/rest/api/3/user/search') {
      const query = (url.searchParams.get('query') ?? '').toLowerCase();
      const found = options.users.filter((user) => user.emailAddress.toLowerCase().startsWith(query));
      return json(
        response,
        200,
        found.map((user) => ({ ...user, accountType: 'atlassian', active: true })),
      );
    }

    if (request.method === 'POST' && url.pathname === '/rest/api/3/issue') {
      const { fields } = JSON.parse(text) as { fields: Record<string, unknown> };
      const errors: Record<string, string> = {};
      if ((fields.project as { key?: string } | undefined)?.key !== options.projectKey) {
        errors.project = 'valid project is required';
      }
      if (!(fields.issuetype as { name?: string } | undefined)?.name) errors.issuetype = 'issue type is required';
      if (typeof fields.summary !== 'string' || fields.summary === '') errors.summary = 'You must specify a summary';
      if ((fields.description as { type?: string } | undefined)?.type !== 'doc') {
        errors.description = 'Operation value must be an Atlassian Document';
      }
      if (Object.keys(errors).length > 0) {
        return json(response, 400, { errorMessages: options.echoAuthorization === 'json' ? [echoed] : [], errors });
      }
      const id = String(10_000 + issues.length + 1);
      const key = `${options.projectKey}-${issues.length + 1}`;
      issues.push({ id, key, fields });
      if (options.createDelayMs) await new Promise((resolve) => setTimeout(resolve, options.createDelayMs));
      if (loseCreateReply) {
        loseCreateReply = false;
        return json(response, 502, 'Bad Gateway');
      }
      return json(response, 201, { id, key, self: `http://127.0.0.1/rest/api/3/issue/${id}` });
    }

    const edit = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'PUT' && edit) {
      const issue = issues.find((candidate) => candidate.key === decodeURIComponent(edit[1]));
      if (!issue)
        return json(response, 404, {
          errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        });
      const { update } = JSON.parse(text) as { update?: { labels?: { add?: string; remove?: string }[] } };
      for (const operation of update?.labels ?? []) {
        const labels = issue.fields.labels ?? [];
        if (operation.add !== undefined && !labels.includes(operation.add)) labels.push(operation.add);
        if (operation.remove !== undefined)
          labels.splice(0, labels.length, ...labels.filter((l) => l !== operation.remove));
        issue.fields.labels = labels;
      }
      response.writeHead(204).end();
      return;
    }

    json(response, 404, { errorMessages: ['Not found'] });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => json(response, 500, { errorMessages: [error.message] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    issues,
    requests,
    authorizations,
    loseNextCreateReply() {
      loseCreateReply = true;
    },
    setCreateDelay(ms) {
      options.createDelayMs = ms;
    },
    searches,
    addIssue({ summary, labels, duedate, resolvedOn }) {
      const id = String(10_000 + issues.length + 1);
      const issue: JiraIssue = {
        id,
        key: `${options.projectKey}-${issues.length + 1}`,
        fields: {
          summary,
          labels: [...labels],
          duedate: duedate ?? null,
          resolutiondate: resolvedOn ? `${resolvedOn}T15:04:05.000+0000` : null,
          status: resolvedOn
            ? { name: 'Done', statusCategory: { key: 'done', name: 'Done' } }
            : { name: 'To Do', statusCategory: { key: 'new', name: 'To Do' } },
        },
      };
      issues.push(issue);
      return issue;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
