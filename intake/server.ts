/**
 * The HTTP intake: leads from a website form or another system, gates and meetings from the tools that know of
 * them, and the pipeline page. Built on fastify; every input is validated by the same zod schemas and client
 * helpers the CLI and the workflow use (client/lifecycle.ts), so a lead posted here is exactly a `cli start`.
 *
 * Status codes: 201 started or recorded, 200 an existing lead (nothing new started), 400 bad input (each field
 * named), 401 unsigned, badly signed or stale, 404 no such lead, 409 refused by the lead (a gate out of order) or a
 * replayed request, 413 body over the limit, 415 another content type, 503 Temporal unreachable or not answering.
 * Nothing is started or changed by a refused request: every check runs before Temporal is called.
 */
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { NonRetryableStoreError } from '../common/store-errors';
import type { RecordingSources } from '../common/recording-sources';
import { csvRowToLead, fieldFor } from '../client/lead-file';
import { completeGate, reportMeeting, startLead, type StartedLead } from '../client/lifecycle';
import { pipelineReport, parsePeriod } from '../client/pipeline';
import { gateEvidenceSchema, isGatedStage, type GateRequest } from '../workflows/gates';
import { parseNewLead } from '../workflows/lead';
import { meetingDoneSchema } from '../workflows/meetings';
import { fieldIssues, InvalidInputError, parseInput, requiredText, type FieldIssue } from '../rules/validation';
import { parseLifecycleStage } from '../workflows/stages';
import { renderPipelinePage } from './pipeline-page';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature';
import { registerSupportRoutes } from './support-routes';

export interface IntakeOptions {
  client: Client;
  namespace: string;
  taskQueue: string;
  followUpDays?: number;
  signing: { secret: { reveal(): string } } | 'off';
  windowSeconds: number;
  bodyLimitBytes: number;
  /** Recordings named in a meeting report are checked as the CLI checks them, before the workflow hears of them. */
  recordingSources: RecordingSources;
  webUiUrl: string;
  /** How long one request may wait for Temporal before answering 503. */
  temporalTimeoutMs?: number;
  logger?: boolean;
  now?: () => number;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** A refusal with its status code and, for bad input, every wrong field. */
class HttpRefusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

function invalid(error: InvalidInputError): HttpRefusal {
  return new HttpRefusal(400, error.message, error.issues);
}

/** The body as parsed from its raw bytes, with the names the sender used for each field. */
interface ParsedBody {
  kind: 'json' | 'form';
  value: unknown;
  /** Form fields as posted, all strings (repeated names kept as arrays). */
  form?: Record<string, string | string[]>;
}

function parseBody(request: FastifyRequest): ParsedBody {
  const raw: Buffer = request.body instanceof Buffer ? (request.body as Buffer) : Buffer.alloc(0);
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === FORM) {
    const form: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
      const earlier = form[key];
      form[key] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
    }
    return { kind: 'form', value: form, form };
  }
  if (raw.length === 0)
    throw new HttpRefusal(400, 'Invalid request: body: is required', [{ field: 'body', message: 'is required' }]);
  try {
    return { kind: 'json', value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (error) {
    const message = `is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
    throw new HttpRefusal(400, `Invalid request: body: ${message}`, [{ field: 'body', message }]);
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A form's lead, converted as an import's CSV row is (`label`, `government=yes`), with the form's own field names. */
function leadFromForm(form: Record<string, string | string[]>): { input: unknown; names: Record<string, string> } {
  const row: Record<string, string> = {};
  const names: Record<string, string> = {};
  for (const key of Object.keys(form)) {
    row[key] = single(form[key]) ?? '';
    names[fieldFor(key)] = key;
  }
  return { input: csvRowToLead(row), names };
}

function renamed(error: InvalidInputError, names: Record<string, string>): InvalidInputError {
  const issues = error.issues.map((issue) => ({ ...issue, field: names[issue.field] ?? issue.field }));
  return new InvalidInputError(error.message.slice(0, error.message.indexOf(':')) || 'Invalid input', issues);
}

/** Temporal could not be reached, or did not answer in time: the sender should try again later. */
function isUnavailable(error: unknown): boolean {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const code = (cause as { code?: unknown }).code;
    if (cause instanceof ServiceError || typeof code === 'number') {
      // gRPC UNAVAILABLE (14), DEADLINE_EXCEEDED (4), or a connection that never opened.
      if (code === 14 || code === 4) return true;
    }
    if (cause instanceof Error && /ECONNREFUSED|UNAVAILABLE|DEADLINE_EXCEEDED|deadline|connect/i.test(cause.message)) {
      return true;
    }
  }
  return false;
}

function refusalFor(error: unknown): HttpRefusal | undefined {
  if (error instanceof HttpRefusal) return error;
  if (error instanceof InvalidInputError) return invalid(error);
  if (error instanceof WorkflowNotFoundError) {
    return new HttpRefusal(404, `no running lead ${error.workflowId}: no such lead, or it has ended`);
  }
  if (error instanceof WorkflowUpdateFailedError) {
    // The lead's own validator refused: the gate is out of order, or the lead has ended. Nothing changed.
    return new HttpRefusal(409, error.cause?.message ?? error.message);
  }
  if (isUnavailable(error)) {
    return new HttpRefusal(503, 'Temporal is unreachable or did not answer in time: nothing was changed, try again');
  }
  return undefined;
}

export function buildIntake(options: IntakeOptions): FastifyInstance {
  const now = options.now ?? Date.now;
  const timeoutMs = options.temporalTimeoutMs ?? 10_000;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimitBytes });
  const { client } = options;
  const temporal = <T>(work: () => Promise<T>) => client.withDeadline(now() + timeoutMs, work);
  /** Signatures already used on a route that is not idempotent, until they leave the window. */
  const seenSignatures = new Map<string, number>();

  // The raw bytes are kept: the signature is over them, not over a re-serialised object.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([JSON_TYPE, FORM], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const verify = (request: FastifyRequest, idempotent: boolean) => {
    if (options.signing === 'off') return;
    const body: Buffer = request.body instanceof Buffer ? (request.body as Buffer) : Buffer.alloc(0);
    const signature = request.headers[SIGNATURE_HEADER];
    const checked = checkSignature({
      secret: options.signing.secret.reveal(),
      body,
      timestamp: single(request.headers[TIMESTAMP_HEADER]),
      signature: single(signature),
      windowSeconds: options.windowSeconds,
      nowMs: now(),
    });
    if (!checked.ok) throw new HttpRefusal(401, checked.reason);
    if (idempotent) return;
    const key = `${request.url} ${single(signature)}`;
    for (const [seen, until] of seenSignatures) if (until < now()) seenSignatures.delete(seen);
    if (seenSignatures.has(key)) throw new HttpRefusal(409, 'this signed request was already received: a replay');
    seenSignatures.set(key, now() + options.windowSeconds * 2000);
    // A request that failed on our side may be sent again as it was.
    (request as FastifyRequest & { releaseSignature?: () => void }).releaseSignature = () => seenSignatures.delete(key);
  };

  const send = (reply: FastifyReply, error: unknown) => {
    const refusal = refusalFor(error);
    if (!refusal) {
      reply.log.error({ err: error }, 'intake request failed');
      return reply.code(500).send({ error: 'internal error: nothing may have been changed; see the intake log' });
    }
    return reply
      .code(refusal.statusCode)
      .send({ error: refusal.message, ...(refusal.issues ? { issues: refusal.issues } : {}) });
  };

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 500) (request as FastifyRequest & { releaseSignature?: () => void }).releaseSignature?.();
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: `body over the ${options.bodyLimitBytes}-byte limit: nothing was changed` });
    }
    if (error.statusCode === 415 || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: `send ${JSON_TYPE} or ${FORM}` });
    }
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
    return send(reply, error);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await client.withDeadline(now() + 2_000, () => client.workflowService.getSystemInfo({}));
      return { status: 'ready', temporal: 'reachable' };
    } catch {
      return reply.code(503).send({ status: 'not ready', temporal: 'unreachable' });
    }
  });

  app.post('/leads', async (request, reply) => {
    try {
      verify(request, true);
      const body = parseBody(request);
      const { input, names } = body.form ? leadFromForm(body.form) : { input: body.value, names: {} };
      try {
        parseNewLead(input);
      } catch (error) {
        throw error instanceof InvalidInputError ? renamed(error, names) : error;
      }
      const started: StartedLead = await temporal(() =>
        startLead(client, input, {
          taskQueue: options.taskQueue,
          ...(options.followUpDays ? { followUpDays: options.followUpDays } : {}),
        }),
      );
      return reply.code(started.existing ? 200 : 201).send({
        workflowId: started.workflowId,
        runId: started.runId,
        existing: started.existing,
        ...(started.ignored ? { ignored: started.ignored } : {}),
        webUi: `${options.webUiUrl}/namespaces/${encodeURIComponent(options.namespace)}/workflows/${encodeURIComponent(started.workflowId)}`,
      });
    } catch (error) {
      return send(reply, error);
    }
  });

  app.post<{ Params: { email: string; stage: string } }>('/leads/:email/gates/:stage', async (request, reply) => {
    try {
      verify(request, false);
      const body = parseBody(request);
      const stage = parseLifecycleStage(request.params.stage);
      const issues: FieldIssue[] = [];
      if (!stage || !isGatedStage(stage)) {
        issues.push({ field: 'stage', message: `'${request.params.stage}' is not a stage with a gate` });
      }
      let by: unknown;
      let evidence: unknown;
      if (body.form) {
        by = single(body.form.by);
        const text = single(body.form.evidence);
        try {
          evidence = text === undefined ? {} : (JSON.parse(text) as unknown);
        } catch {
          issues.push({ field: 'evidence', message: 'is not valid JSON' });
        }
      } else {
        const value = (body.value ?? {}) as { by?: unknown; evidence?: unknown };
        by = value.by;
        evidence = value.evidence ?? {};
      }
      const byResult = requiredText().safeParse(by);
      if (!byResult.success) issues.push(...fieldIssues(byResult.error, 'by'));
      if (stage && isGatedStage(stage) && !issues.some((issue) => issue.field === 'evidence')) {
        const checked = gateEvidenceSchema(stage).safeParse(evidence);
        if (!checked.success) issues.push(...fieldIssues(checked.error, 'evidence').map(underEvidence));
      }
      if (issues.length > 0) throw new InvalidInputError('Invalid gate', issues);
      const gate = { stage, by, evidence } as GateRequest;
      const state = await temporal(() => completeGate(client, request.params.email, gate));
      return reply.code(200).send({ stage: state.stage, history: state.history.slice(-2), rubric: state.rubric });
    } catch (error) {
      return send(reply, error);
    }
  });

  app.post<{ Params: { email: string } }>('/leads/:email/meetings', async (request, reply) => {
    try {
      verify(request, false);
      const body = parseBody(request);
      const report = body.form ? meetingFromForm(body.form) : body.value;
      parseInput(meetingDoneSchema(), report, 'meeting report');
      const recording = (report as { recording?: unknown }).recording;
      if (typeof recording === 'string') {
        try {
          await options.recordingSources.check(recording);
        } catch (error) {
          if (!(error instanceof NonRetryableStoreError)) throw error;
          throw new InvalidInputError('Invalid meeting report', [{ field: 'recording', message: error.message }]);
        }
      }
      const meeting = await temporal(() =>
        reportMeeting(client, request.params.email, report as Parameters<typeof reportMeeting>[2]),
      );
      return reply.code(201).send(meeting);
    } catch (error) {
      return send(reply, error);
    }
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/pipeline.json', async (request, reply) => {
    try {
      const period = parsePeriod(request.query, new Date(now()));
      return await pipelineReport(client, { period, now: new Date(now()) });
    } catch (error) {
      return send(reply, error);
    }
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/pipeline', async (request, reply) => {
    try {
      const period = parsePeriod(request.query, new Date(now()));
      const report = await pipelineReport(client, { period, now: new Date(now()) });
      return reply
        .type('text/html; charset=utf-8')
        .send(renderPipelinePage(report, { webUiUrl: options.webUiUrl, namespace: options.namespace }));
    } catch (error) {
      return send(reply, error);
    }
  });

  registerSupportRoutes(app, { client, taskQueue: options.taskQueue, verify, parseBody, send, temporal });

  return app;
}

/** `evidence.evidence.x` reads badly: the schema's root is the evidence itself. */
function underEvidence(issue: FieldIssue): FieldIssue {
  return issue.field === 'evidence' || issue.field.startsWith('evidence.')
    ? issue
    : { ...issue, field: `evidence.${issue.field}` };
}

/** A meeting form: repeated `discussed` and `nextSteps` (or `nextStep`) fields, numbers as text. */
function meetingFromForm(form: Record<string, string | string[]>): Record<string, unknown> {
  const report: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    if (key === 'discussed') report.discussed = list(value).filter((item) => item.trim() !== '');
    else if (key === 'nextSteps' || key === 'nextStep') {
      report.nextSteps = [
        ...((report.nextSteps as string[]) ?? []),
        ...list(value).filter((item) => item.trim() !== ''),
      ];
    } else if (key === 'followUpInDays') {
      const text = single(value) ?? '';
      report.followUpInDays = text.trim() === '' || Number.isNaN(Number(text)) ? text : Number(text);
    } else if ((single(value) ?? '') !== '') report[key] = single(value);
  }
  return report;
}
