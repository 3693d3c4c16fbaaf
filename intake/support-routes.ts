import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { openSupportRequest } from '../client/support';
import type { SupportRequestInput } from '../workflows/support-messages';
import { parseSupportRequest } from '../workflows/support-request-state';

/** What the support routes borrow from the intake around them: signatures, body parsing, answers, Temporal calls. */
export interface SupportRouteContext {
  client: Client;
  taskQueue: string;
  verify: (request: FastifyRequest, idempotent: boolean) => void;
  parseBody: (request: FastifyRequest) => { value: unknown; form?: Record<string, string | string[]> };
  send: (reply: FastifyReply, error: unknown) => FastifyReply;
  temporal: <T>(work: () => Promise<T>) => Promise<T>;
}

const FLAGS = new Set(['incident', 'customerRequest']);

/** A form posts text: the two flags read `yes`/`true` as true, anything else as false; repeated fields, the last. */
function supportRequestFromForm(form: Record<string, string | string[]>): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(form)) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    request[key] = FLAGS.has(key) ? /^(yes|true|on|1)$/i.test(value.trim()) : value;
  }
  return request;
}

/**
 * `POST /support-requests`: a request from a chat bot, a mail rule or a help-desk form, as `cli support open`. The
 * client and request id make the workflow id, so a sender that posts again gets 200 and the same workflow.
 */
export function registerSupportRoutes(app: FastifyInstance, context: SupportRouteContext): void {
  app.post('/support-requests', async (request, reply) => {
    try {
      context.verify(request, true);
      const body = context.parseBody(request);
      const input = body.form ? supportRequestFromForm(body.form) : body.value;
      parseSupportRequest(input);
      const opened = await context.temporal(() =>
        openSupportRequest(context.client, input as SupportRequestInput, context.taskQueue),
      );
      return reply.code(opened.existing ? 200 : 201).send(opened);
    } catch (error) {
      return context.send(reply, error);
    }
  });
}
