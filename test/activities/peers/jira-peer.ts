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
  close(): Promise<void>;
}

/**
 * The slice of Jira Cloud REST v3 the JiraTracker uses: enhanced JQL search (labels only), user search, and issue
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
      const { jql } = JSON.parse(text) as { jql: string };
      const match = /^labels = "([^"]+)"(?: ORDER BY created ASC)?$/.exec(jql);
      if (!match) return json(response, 400, { errorMessages: [`Unsupported JQL in this test peer: ${jql}`] });
      const found = issues.filter((issue) => issue.fields.labels?.includes(match[1]));
      return json(response, 200, { issues: found.map(({ id, key }) => ({ id, key })), isLast: true });
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
