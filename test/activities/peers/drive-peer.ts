import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { google } from 'googleapis';

export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';

/** An OAuth2 client holding a fixed access token: what the loopback Drive accepts, with no real secret anywhere. */
export function tokenAuth(token: string) {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return auth;
}

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  appProperties: Record<string, string>;
  content?: Buffer;
  trashed: boolean;
}

interface UploadSession {
  metadata: Partial<DriveFile>;
  chunks: Buffer[];
  committed: number;
}

export interface DrivePeer {
  /** For googleapis' `rootUrl`: `http://127.0.0.1:<port>/`. */
  rootUrl: string;
  files: Map<string, DriveFile>;
  /** Every request as `METHOD /path`, for asserting what the adapter did (and did not) do. */
  requests: string[];
  /** Chunk PUTs received, with their Content-Range headers. */
  contentRanges: string[];
  /** Replies 500 to the n-th upload PUT from now (1 = the next one), without keeping its bytes. */
  failUploadPut(n: number): void;
  /** Completes the next upload but replies 500: the file exists, yet the client never learns it. */
  loseNextCompletionReply(): void;
  filesNamed(name: string): DriveFile[];
  close(): Promise<void>;
}

/**
 * The subset of Google Drive API v3 the GoogleDriveStore uses, over real HTTP on loopback, strict where Drive is
 * strict: bearer token, the query grammar (an unknown clause is a 400, so the adapter's queries are really parsed),
 * the parent folder must exist, every non-final chunk must be a multiple of 256 KiB and start where the last ended.
 */
export async function startDrivePeer(
  options: {
    token: string;
    parentFolderId: string;
    /** A 401 whose message quotes the request's Authorization header, as a misconfigured proxy might. */
    echoAuthorization?: boolean;
  } = { token: 'test-token', parentFolderId: 'parent-folder' },
): Promise<DrivePeer> {
  const files = new Map<string, DriveFile>();
  const sessions = new Map<string, UploadSession>();
  const requests: string[] = [];
  const contentRanges: string[] = [];
  let failPutCountdown = 0;
  let loseCompletionReply = false;
  let nextId = 1;
  let rootUrl = '';

  files.set(options.parentFolderId, {
    id: options.parentFolderId,
    name: 'Recordings',
    mimeType: FOLDER_MIME_TYPE,
    parents: [],
    appProperties: {},
    trashed: false,
  });

  const resource = (file: DriveFile) => ({
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    webViewLink: `https://drive.example.test/file/d/${file.id}/view`,
  });

  const create = (metadata: Partial<DriveFile>, content?: Buffer): DriveFile => {
    const file: DriveFile = {
      id: `file-${nextId++}`,
      name: metadata.name ?? 'Untitled',
      mimeType: metadata.mimeType ?? 'application/octet-stream',
      parents: metadata.parents ?? [],
      appProperties: metadata.appProperties ?? {},
      content,
      trashed: false,
    };
    files.set(file.id, file);
    return file;
  };

  const parentsExist = (metadata: Partial<DriveFile>) => (metadata.parents ?? []).every((parent) => files.has(parent));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', rootUrl);
    requests.push(`${request.method} ${url.pathname}`);
    const body = await readBody(request);

    // An OAuth token endpoint, for a worker process configured with a credentials file whose token_url points here
    // (type external_account_authorized_user): it exchanges any refresh token for the peer's access token.
    if (request.method === 'POST' && url.pathname === '/token') {
      return json(response, 200, { access_token: options.token, expires_in: 3600, token_type: 'Bearer' });
    }

    if (request.headers.authorization !== `Bearer ${options.token}`) {
      const echoed = options.echoAuthorization ? ` Received Authorization: ${request.headers.authorization}` : '';
      return json(
        response,
        401,
        driveError(401, `Request had invalid authentication credentials.${echoed}`, 'authError'),
      );
    }

    if (request.method === 'GET' && url.pathname === '/drive/v3/files') {
      const matches = parseQuery(url.searchParams.get('q') ?? '');
      if (!matches) return json(response, 400, driveError(400, 'Invalid Value', 'invalid'));
      const found = [...files.values()].filter(matches);
      const pageSize = Number(url.searchParams.get('pageSize') ?? 100);
      return json(response, 200, { files: found.slice(0, pageSize).map(resource) });
    }

    if (request.method === 'POST' && url.pathname === '/drive/v3/files') {
      const metadata = JSON.parse(body.toString('utf8')) as Partial<DriveFile>;
      if (!parentsExist(metadata)) return json(response, 404, driveError(404, 'File not found.', 'notFound'));
      return json(response, 200, resource(create(metadata)));
    }

    if (request.method === 'POST' && url.pathname === '/upload/drive/v3/files') {
      if (url.searchParams.get('uploadType') !== 'resumable') {
        return json(response, 400, driveError(400, 'Only resumable uploads here', 'invalid'));
      }
      const metadata = JSON.parse(body.toString('utf8')) as Partial<DriveFile>;
      if (!parentsExist(metadata)) return json(response, 404, driveError(404, 'File not found.', 'notFound'));
      const uploadId = randomUUID();
      sessions.set(uploadId, { metadata, chunks: [], committed: 0 });
      response.setHeader('Location', `${rootUrl}upload/drive/v3/files?uploadType=resumable&upload_id=${uploadId}`);
      response.writeHead(200).end();
      return;
    }

    if (request.method === 'PUT' && url.pathname === '/upload/drive/v3/files') {
      const session = sessions.get(url.searchParams.get('upload_id') ?? '');
      if (!session) return json(response, 404, driveError(404, 'Upload session not found', 'notFound'));
      const range = request.headers['content-range'] ?? '';
      contentRanges.push(range);
      if (failPutCountdown > 0 && --failPutCountdown === 0) {
        return json(response, 500, driveError(500, 'Backend Error', 'backendError'));
      }
      const match = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)$/.exec(range);
      if (!match) return json(response, 400, driveError(400, 'Bad Content-Range', 'badContent'));
      const total = match[3] === '*' ? undefined : Number(match[3]);
      if (match[1] !== undefined) {
        const [start, end] = [Number(match[1]), Number(match[2])];
        const isLast = total !== undefined && end + 1 === total;
        if (start !== session.committed || end - start + 1 !== body.length) {
          return json(response, 400, driveError(400, 'Content-Range does not match', 'badContent'));
        }
        if (!isLast && body.length % (256 * 1024) !== 0) {
          return json(response, 400, driveError(400, 'Chunk size must be a multiple of 256 KiB', 'badContent'));
        }
        session.chunks.push(body);
        session.committed = end + 1;
      }
      if (total !== undefined && session.committed === total) {
        const file = create(session.metadata, Buffer.concat(session.chunks));
        sessions.delete(url.searchParams.get('upload_id') ?? '');
        if (loseCompletionReply) {
          loseCompletionReply = false;
          return json(response, 500, driveError(500, 'Backend Error', 'backendError'));
        }
        return json(response, 200, resource(file));
      }
      if (session.committed > 0) response.setHeader('Range', `bytes=0-${session.committed - 1}`);
      response.writeHead(308).end();
      return;
    }

    json(response, 404, driveError(404, 'Not found', 'notFound'));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) =>
      json(response, 500, driveError(500, error.message, 'backendError')),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rootUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    rootUrl,
    files,
    requests,
    contentRanges,
    failUploadPut(n) {
      failPutCountdown = n;
    },
    loseNextCompletionReply() {
      loseCompletionReply = true;
    },
    filesNamed: (name) => [...files.values()].filter((file) => file.name === name),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Drive's query language, for the clauses the adapter uses, joined with `and`. Returns undefined for anything else,
 * so a query the real Drive would interpret differently fails the test instead of silently matching.
 */
function parseQuery(query: string): ((file: DriveFile) => boolean) | undefined {
  const literal = "'((?:[^'\\\\]|\\\\.)*)'";
  const clauses: [RegExp, (match: RegExpExecArray) => (file: DriveFile) => boolean][] = [
    [new RegExp(`name = ${literal}`, 'y'), (m) => (file) => file.name === unescape(m[1])],
    [new RegExp(`mimeType = ${literal}`, 'y'), (m) => (file) => file.mimeType === unescape(m[1])],
    [new RegExp(`${literal} in parents`, 'y'), (m) => (file) => file.parents.includes(unescape(m[1]))],
    [/trashed = (true|false)/y, (m) => (file) => file.trashed === (m[1] === 'true')],
    [
      new RegExp(`appProperties has \\{ key=${literal} and value=${literal} \\}`, 'y'),
      (m) => (file) => file.appProperties[unescape(m[1])] === unescape(m[2]),
    ],
  ];
  const predicates: ((file: DriveFile) => boolean)[] = [];
  let position = 0;
  while (position < query.length) {
    let matched = false;
    for (const [pattern, predicate] of clauses) {
      pattern.lastIndex = position;
      const match = pattern.exec(query);
      if (match) {
        predicates.push(predicate(match));
        position = pattern.lastIndex;
        matched = true;
        break;
      }
    }
    if (!matched) return undefined;
    const separator = /\s+and\s+/y;
    separator.lastIndex = position;
    if (separator.exec(query)) position = separator.lastIndex;
    else if (position < query.length) return undefined;
  }
  return predicates.length > 0 ? (file) => predicates.every((predicate) => predicate(file)) : undefined;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

function driveError(code: number, message: string, reason: string) {
  return { error: { code, message, errors: [{ domain: 'global', reason, message }] } };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
