import { createHash } from 'node:crypto';
import { loginSecrets, redactCredentials } from '../redact';
import { adfFromText } from './adf';
import { NonRetryableTaskError } from './errors';
import { classifySprintTickets, type TrackedTicket } from '../../rules/sprint-status';
import type { SprintTickets } from '../../rules/sprint-updates';
import type { CreatedTask, LabelChange, SprintTicketQuery, TaskRequest, TaskTracker } from './port';

export interface JiraTrackerOptions {
  /** e.g. `https://your-company.atlassian.net` */
  baseUrl: string;
  /** The Atlassian account the API token belongs to. */
  email: string;
  apiToken: string;
  projectKey: string;
  /** Default `Task`. */
  issueType?: string;
  /** Per HTTP request. Default 30 seconds. */
  timeoutMs?: number;
}

interface JiraReply {
  status: number;
  data: unknown;
}

/** An issue as the enhanced search returns it, with the fields sprintTickets asks for. */
interface JiraSearchIssue {
  key?: unknown;
  fields?: {
    summary?: unknown;
    labels?: unknown;
    duedate?: unknown;
    resolutiondate?: unknown;
    status?: { statusCategory?: { key?: unknown } };
  };
}

/** Jira's largest page for the enhanced search when only a few fields are asked for. */
const SEARCH_PAGE_SIZE = 100;

/**
 * Creates tasks in Jira Cloud through REST API v3.
 *
 * Jira has no idempotency key on issue creation, so the external id becomes a label (`ext-…`) and a JQL search for
 * that label runs first: a retried activity finds the issue the earlier attempt created instead of making a second.
 * One caveat: Jira's search index is eventually consistent, so a retry within a second or two of a create whose
 * reply was lost could still miss it; Temporal's retry back-off makes that window small.
 */
export class JiraTracker implements TaskTracker {
  private readonly baseUrl: string;
  private readonly authorization: string;
  /** email → accountId (or null when Jira has no such user): people do not change accounts mid-run. */
  private readonly accountIds = new Map<string, string | null>();

  constructor(private readonly options: JiraTrackerOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  }

  async createTask(request: TaskRequest): Promise<CreatedTask> {
    const label = externalIdLabel(request.externalId);
    const existing = await this.findByLabel(label);
    if (existing) return { key: existing, url: this.browseUrl(existing), created: false };

    const accountId = await this.resolveAssignee(request.assignee);
    const unresolved =
      accountId === undefined && request.assignee.trim()
        ? `\n\nIntended assignee: ${request.assignee} (no matching Jira account found).`
        : '';
    const fields: Record<string, unknown> = {
      project: { key: this.options.projectKey },
      issuetype: { name: this.options.issueType ?? 'Task' },
      // Jira refuses summaries over 255 characters.
      summary: request.summary.replace(/\s+/g, ' ').trim().slice(0, 255),
      description: adfFromText(`${request.description}${unresolved}`),
      duedate: request.dueDate,
      labels: [label, ...(request.labels ?? []).map(sanitiseLabel)].filter(
        (value, index, all) => all.indexOf(value) === index,
      ),
    };
    if (accountId) fields.assignee = { accountId };
    if (request.estimateHours > 0) fields.timetracking = { originalEstimate: jiraDuration(request.estimateHours) };

    const reply = await this.call('POST', '/rest/api/3/issue', { fields });
    if (reply.status !== 201 && reply.status !== 200) throw this.failure('Creating the Jira issue', reply);
    const key = (reply.data as { key?: unknown }).key;
    if (typeof key !== 'string') throw new Error('Jira created the issue without returning its key');
    return { key, url: this.browseUrl(key), created: true };
  }

  /** Jira's edit operations: each label added or removed on its own, so labels set by people stay as they are. */
  async updateLabels(externalId: string, change: LabelChange): Promise<void> {
    const key = await this.findByLabel(externalIdLabel(externalId));
    if (!key) throw new NonRetryableTaskError(`No Jira issue carries the label of ${externalId}`, 404);
    const operations = [
      ...change.add.map((label) => ({ add: sanitiseLabel(label) })),
      ...change.remove.map((label) => ({ remove: sanitiseLabel(label) })),
    ];
    if (operations.length === 0) return;
    const reply = await this.call('PUT', `/rest/api/3/issue/${encodeURIComponent(key)}`, {
      update: { labels: operations },
    });
    if (reply.status !== 204 && reply.status !== 200) throw this.failure('Relabelling the Jira issue', reply);
  }

  /**
   * The client's issues that could be in the sprint (open, or resolved since it began: a client with years of
   * history is not read whole every sprint), page by page, then classified by the same rule as the local tracker.
   */
  async sprintTickets(query: SprintTicketQuery): Promise<SprintTickets> {
    const jql =
      `labels = ${jqlString(sanitiseLabel(query.clientLabel))} AND ` +
      `(statusCategory != Done OR resolved >= ${jqlString(query.sprint.start)}) ORDER BY duedate ASC, key ASC`;
    const tickets: TrackedTicket[] = [];
    const seenTokens = new Set<string>();
    let nextPageToken: string | undefined;
    do {
      const reply = await this.call('POST', '/rest/api/3/search/jql', {
        jql,
        fields: ['summary', 'labels', 'status', 'duedate', 'resolutiondate'],
        maxResults: SEARCH_PAGE_SIZE,
        ...(nextPageToken === undefined ? {} : { nextPageToken }),
      });
      if (reply.status !== 200) throw this.failure("Reading the client's sprint tickets from Jira", reply);
      const page = reply.data as { issues?: JiraSearchIssue[]; nextPageToken?: unknown; isLast?: unknown };
      for (const issue of page.issues ?? []) tickets.push(trackedTicket(issue));
      // Jira leaves the token out on the last page; a token seen before would loop for ever.
      const token = page.isLast === true ? undefined : page.nextPageToken;
      nextPageToken = typeof token === 'string' && !seenTokens.has(token) ? token : undefined;
      if (nextPageToken !== undefined) seenTokens.add(nextPageToken);
    } while (nextPageToken !== undefined);
    return classifySprintTickets(tickets, query.sprint);
  }

  private async findByLabel(label: string): Promise<string | undefined> {
    // The enhanced search endpoint: the older GET /rest/api/3/search was retired from Jira Cloud in 2025.
    const reply = await this.call('POST', '/rest/api/3/search/jql', {
      jql: `labels = "${label}" ORDER BY created ASC`,
      fields: ['summary'],
      maxResults: 1,
    });
    if (reply.status !== 200) throw this.failure('Searching Jira for an existing task', reply);
    const issues = (reply.data as { issues?: { key?: unknown }[] }).issues ?? [];
    const key = issues[0]?.key;
    return typeof key === 'string' ? key : undefined;
  }

  /**
   * Jira Cloud assigns by accountId. An email is looked up (user search matches it when the user's email is
   * visible to the API token's owner, which is the case inside one organisation); anything else is taken to be an
   * accountId already. An unknown person leaves the issue unassigned rather than failing the whole workflow.
   */
  private async resolveAssignee(assignee: string): Promise<string | undefined> {
    if (!assignee.includes('@')) return assignee.trim() || undefined;
    const email = assignee.trim().toLowerCase();
    if (!this.accountIds.has(email)) {
      const reply = await this.call('GET', `/rest/api/3/user/search?query=${encodeURIComponent(email)}&maxResults=10`);
      if (reply.status !== 200) throw this.failure('Looking up the Jira account of the assignee', reply);
      const users = Array.isArray(reply.data) ? (reply.data as { accountId?: unknown; emailAddress?: unknown }[]) : [];
      const exact = users.find(
        (user) => typeof user.emailAddress === 'string' && user.emailAddress.toLowerCase() === email,
      );
      const chosen = exact ?? (users.length === 1 ? users[0] : undefined);
      this.accountIds.set(email, typeof chosen?.accountId === 'string' ? chosen.accountId : null);
    }
    return this.accountIds.get(email) ?? undefined;
  }

  private redact(text: string): string {
    return redactCredentials(text, loginSecrets(this.options.email, this.options.apiToken));
  }

  private browseUrl(key: string): string {
    return `${this.baseUrl}/browse/${encodeURIComponent(key)}`;
  }

  private async call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<JiraReply> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: this.authorization,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      // Network failure or timeout: retryable. The message names the host only, never the credentials.
      throw new Error(this.redact(`Jira request ${method} ${path.split('?')[0]} failed: ${(error as Error).message}`));
    }
    const text = await response.text();
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (an HTML error page from a proxy): keep the text for the error message.
    }
    return { status: response.status, data };
  }

  /** 401/403/400/404 cannot be fixed by retrying; 429 and 5xx can. */
  private failure(action: string, reply: JiraReply): Error {
    // Jira's (or a proxy's) error body may echo the request, Authorization header included.
    const text = this.redact(`${action} failed with HTTP ${reply.status}${describeJiraError(reply.data)}`);
    if (reply.status === 401 || reply.status === 403) {
      return new NonRetryableTaskError(
        `${text} (check JIRA_EMAIL, JIRA_API_TOKEN and the account's access to project ${this.options.projectKey})`,
        reply.status,
      );
    }
    if (reply.status >= 400 && reply.status < 500 && reply.status !== 408 && reply.status !== 429) {
      return new NonRetryableTaskError(text, reply.status);
    }
    return new Error(text);
  }
}

/**
 * The label that stands for an external id. Jira labels cannot contain spaces and are limited to 255 characters;
 * when the id needs any change to fit, a hash of the exact id is appended, so two ids never share a label.
 */
export function externalIdLabel(externalId: string): string {
  const cleaned = externalId.replace(/[^A-Za-z0-9_.:-]/g, '_');
  if (cleaned === externalId && cleaned.length <= 200) return `ext-${cleaned}`;
  const hash = createHash('sha256').update(externalId).digest('hex').slice(0, 12);
  return `ext-${cleaned.slice(0, 200)}-${hash}`;
}

/** 3 → `3h`, 1.5 → `1h 30m`, 0.25 → `15m`: Jira's duration syntax. */
export function jiraDuration(hours: number): string {
  const minutes = Math.round(hours * 60);
  const whole = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [whole > 0 ? `${whole}h` : '', rest > 0 ? `${rest}m` : ''].filter(Boolean).join(' ') || '0m';
}

/** A JQL string literal: quotes and backslashes escaped, so a label cannot change the query. */
function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

function trackedTicket(issue: JiraSearchIssue): TrackedTicket {
  const fields = issue.fields ?? {};
  const key = typeof issue.key === 'string' ? issue.key : '';
  const date = (value: unknown) => (typeof value === 'string' && value.length >= 10 ? value.slice(0, 10) : undefined);
  const dueDate = date(fields.duedate);
  const doneOn = date(fields.resolutiondate);
  return {
    key,
    summary: typeof fields.summary === 'string' && fields.summary.trim() ? fields.summary : key,
    labels: Array.isArray(fields.labels) ? fields.labels.filter((label) => typeof label === 'string') : [],
    status: fields.status?.statusCategory?.key === 'done' ? 'done' : 'open',
    ...(dueDate === undefined ? {} : { dueDate }),
    ...(doneOn === undefined ? {} : { doneOn }),
  };
}

function sanitiseLabel(label: string): string {
  return label.trim().replace(/\s+/g, '-').slice(0, 255);
}

/** Jira's `{ errorMessages: [], errors: { field: message } }`, flattened into one line. */
function describeJiraError(data: unknown): string {
  if (typeof data === 'string') return data ? `: ${data.slice(0, 300)}` : '';
  if (typeof data !== 'object' || data === null) return '';
  const { errorMessages, errors } = data as { errorMessages?: unknown; errors?: unknown };
  const parts: string[] = Array.isArray(errorMessages) ? errorMessages.filter((m) => typeof m === 'string') : [];
  if (typeof errors === 'object' && errors !== null) {
    for (const [field, message] of Object.entries(errors)) parts.push(`${field}: ${String(message)}`);
  }
  return parts.length > 0 ? `: ${parts.join('; ')}` : '';
}
