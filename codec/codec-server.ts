/**
 * The codec server the Temporal Web UI calls to show decoded payloads (`npm run codec-server`; `npm start` runs one
 * and points its dev server's UI at it). It implements the Web UI's remote codec protocol: POST /decode (and
 * /encode) with `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`.
 *
 * It answers browsers only from the UI's origin (CORS), and when a token is configured only requests bearing it
 * (`Authorization: Bearer <token>`): anyone who can reach it could otherwise read every client's data.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** The Web UI's origin, e.g. `http://localhost:8233`: the only origin a browser may call from. */
  uiOrigin: string;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
  port?: number;
  host?: string;
}

export interface RunningCodecServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function fromJson(payload: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(payload.metadata ?? {})) metadata[key] = Buffer.from(value, 'base64');
  return { metadata, data: Buffer.from(payload.data ?? '', 'base64') };
}

function toJson(payload: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload.metadata ?? {})) {
    if (value) metadata[key] = Buffer.from(value).toString('base64');
  }
  return { metadata, data: Buffer.from(payload.data ?? []).toString('base64') };
}

/** Compared in constant time, as digests so the lengths do not leak either. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function codecRequestHandler(options: CodecServerOptions) {
  const uiOrigin = options.uiOrigin.replace(/\/+$/, '');
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== uiOrigin) {
      response.writeHead(403, { 'Content-Type': 'text/plain' }).end('origin not allowed\n');
      return;
    }
    if (origin !== undefined) {
      response.setHeader('Access-Control-Allow-Origin', uiOrigin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Methods', 'POST');
      response.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      response.setHeader('Access-Control-Max-Age', '600');
      response.writeHead(204).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://codec');
    if (request.method !== 'POST' || (url.pathname !== '/decode' && url.pathname !== '/encode')) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    if (options.token !== undefined && !tokenMatches(request.headers.authorization, options.token)) {
      response.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' }).end('unauthorized\n');
      return;
    }
    let payloads: Payload[];
    try {
      const body = JSON.parse(await readBody(request)) as { payloads?: JsonPayload[] };
      if (!Array.isArray(body.payloads)) throw new Error('no payloads');
      payloads = body.payloads.map(fromJson);
    } catch {
      response.writeHead(400, { 'Content-Type': 'text/plain' }).end('expected JSON { "payloads": [...] }\n');
      return;
    }
    try {
      const result =
        url.pathname === '/decode' ? await options.codec.decode(payloads) : await options.codec.encode(payloads);
      response
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ payloads: result.map(toJson) }));
    } catch {
      // The reason (an unknown key id, a forged tag) is not worth leaking to whoever asked.
      response.writeHead(422, { 'Content-Type': 'text/plain' }).end('could not decode the payloads\n');
    }
  };
}

export async function startCodecServer(options: CodecServerOptions): Promise<RunningCodecServer> {
  const handler = codecRequestHandler(options);
  const server = createServer((request, response) => {
    handler(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
