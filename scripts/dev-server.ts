import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { registerMissingSearchAttributes } from './search-attribute-registry';

const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export interface DevServerOptions {
  cliPath: string;
  namespace: string;
  stateDir: string;
  port: number;
  uiPort: number;
  /** The Web UI's remote codec endpoint (codec/codec-server.ts), so the UI shows decrypted payloads. */
  uiCodecEndpoint?: string;
}

export interface RunningDevServer {
  process: ChildProcess;
  address: string;
  uiUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/** The `--search-attribute` flags, derived from the one list the workflow upserts from. */
export function searchAttributeFlags(): string[] {
  return ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`]);
}

/** Starts `temporal server start-dev` with SQLite persistence, so leads survive a restart of `npm start`. */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const address = `127.0.0.1:${options.port}`;
  if (await answers(address)) {
    throw new Error(`Something already serves ${address}: stop it (another \`npm start\`?) and try again.`);
  }
  mkdirSync(options.stateDir, { recursive: true });
  const logFile = path.join(options.stateDir, 'dev-server.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    options.cliPath,
    [
      'server',
      'start-dev',
      '--db-filename',
      path.join(options.stateDir, 'dev-server.sqlite'),
      '--port',
      String(options.port),
      '--ui-port',
      String(options.uiPort),
      '--log-level',
      'warn',
      '--namespace',
      options.namespace,
      ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
      ...searchAttributeFlags(),
    ],
    { stdio: ['ignore', log, log] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUntilServing(address, options.namespace, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: child, address, uiUrl: `http://localhost:${options.uiPort}`, logFile, stop };
}

async function answers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 500 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

async function waitUntilServing(address: string, namespace: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (child.exitCode !== null) throw new Error(`the dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await ensureSearchAttributes(connection, namespace);
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await sleep(500);
    }
  }
  throw new Error(`the dev server did not answer on ${address} within a minute`);
}

/** The persisted database may predate a search attribute this version adds: add it, then look again. */
async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const added = await registerMissingSearchAttributes(connection, namespace);
  if (added.length > 0) throw new Error(`registered ${added.join(', ')}; checking again`);
}
