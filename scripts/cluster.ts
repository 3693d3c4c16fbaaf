/**
 * A Temporal cluster as teams run it: the Temporal server's four services (frontend, history, matching, worker),
 * each its own process, on PostgreSQL, with SQL visibility (PostgreSQL v12 schema) so the engine's custom search
 * attributes work. Everything is built or found on this machine:
 * - the server and its SQL schema tool, `go install`ed from the Go module proxy into `.tools/` (like the CLI);
 * - PostgreSQL's own binaries (`initdb`, `postgres`) from Debian's `postgresql` package, run as an ordinary
 *   process on its own port with a throw-away data directory (as an unprivileged user when run as root).
 *
 * `npm run cluster` starts one on localhost:7233 (`--port` to change it) and stops everything on Ctrl-C.
 * `test/cluster/` starts one per test file through `startCluster`.
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { registerMissingSearchAttributes } from './search-attribute-registry';
import { projectRoot as rootOfProject } from '../codec/project-root';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
/** The services of one Temporal cluster, each started as its own process. */
export const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type Service = (typeof SERVICES)[number];

const projectRoot = rootOfProject();
const toolsDir = path.join(projectRoot, '.tools');

function log(message: string): void {
  process.stderr.write(`[cluster] ${message}\n`);
}

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
}

/**
 * `go install`s the server and the schema tool into `.tools/temporal-server-<version>/` (first run only), with a
 * progress line every 20 s: a first build on 2 cores takes minutes and must not look like a hang in CI.
 */
export async function ensureClusterBinaries(): Promise<ClusterBinaries> {
  const binDir = path.join(toolsDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const binaries = { server: path.join(binDir, 'server'), sqlTool: path.join(binDir, 'sql') };
  if (existsSync(binaries.server) && existsSync(binaries.sqlTool)) return binaries;
  if (spawnSync('go', ['version']).status !== 0) {
    throw new Error(
      'Go is needed to build the Temporal server (`go install` from the Go module proxy): install Go 1.24 or newer',
    );
  }
  mkdirSync(binDir, { recursive: true });
  const modules = ['cmd/server', 'cmd/tools/sql'].map(
    (pkg) => `go.temporal.io/server/${pkg}@${TEMPORAL_SERVER_VERSION}`,
  );
  log(`building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL schema tool with go install`);
  log(`(first run only; measured here: about 6 minutes on 2 cores with a warm module cache) into ${binDir}`);
  const started = Date.now();
  // Built into a scratch folder and moved into place, so a build cut off half-way is never taken for a cached one.
  const scratch = mkdtempSync(path.join(binDir, '.build-'));
  const child = spawn('go', ['install', '-v', ...modules], {
    env: { ...process.env, GOBIN: scratch, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let compiled = 0;
  let downloaded = 0;
  let lastLines: string[] = [];
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('go: downloading')) downloaded++;
      else if (line.trim()) compiled++;
      lastLines = [...lastLines, line].slice(-30);
    }
  });
  const ticker = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    log(`  still building: ${seconds} s, ${compiled} packages built, ${downloaded} modules downloaded`);
  }, 20_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(ticker);
  if (code !== 0) {
    await rm(scratch, { recursive: true, force: true });
    throw new Error(`go install failed (exit ${code}):\n${lastLines.join('\n')}`);
  }
  for (const name of ['server', 'sql']) {
    spawnSync('mv', ['-f', path.join(scratch, name), path.join(binDir, name)]);
  }
  await rm(scratch, { recursive: true, force: true });
  log(`built ${binDir} in ${Math.round((Date.now() - started) / 1000)} s (${compiled} packages)`);
  return binaries;
}

/** `initdb` and `postgres` from Debian's packages (`/usr/lib/postgresql/<major>/bin`), the newest major first. */
export function findPostgres(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return existsSync(path.join(fromEnv, 'initdb')) ? fromEnv : undefined;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base)
    .filter((name) => existsSync(path.join(base, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length > 0 ? path.join(base, majors[0], 'bin') : undefined;
}

/** Finds PostgreSQL, or (as root, with apt-get) installs Debian's package; otherwise says how to. */
export function ensurePostgres(): string {
  const found = findPostgres();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    log("PostgreSQL is not installed: installing Debian's postgresql package (apt-get)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'postgresql']]) {
      const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${run.status})`);
    }
    const installed = findPostgres();
    if (installed) return installed;
  }
  throw new Error(
    'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). On Debian or Ubuntu: ' +
      '`sudo apt-get install postgresql` (the cluster runs its own server from those binaries on its own port; ' +
      'the system service is not needed). Or set PG_BIN to a folder holding initdb and postgres.',
  );
}

/** PostgreSQL refuses to run as root: as root, it runs as `postgres` (Debian's package makes it) or `nobody`. */
function unprivilegedUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) {
      return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name };
    }
  }
  throw new Error('running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as');
}

/** A free TCP port on 127.0.0.1 below 32768: Temporal stores membership ports as smallint. */
async function freePort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('found no free port between 20000 and 32000');
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

interface Ports {
  postgres: number;
  frontend: number;
  frontendHttp: number;
  grpc: Record<Exclude<Service, 'frontend'>, number>;
  membership: Record<Service, number>;
}

export interface ClusterOptions {
  /** The frontend's gRPC port; a free one when unset. */
  port?: number;
  namespace?: string;
  /** Where PostgreSQL's data, the config and the logs go; a new temporary folder (removed on stop) when unset. */
  dir?: string;
}

export interface RunningCluster {
  address: string;
  namespace: string;
  dir: string;
  postgresPort: number;
  logFile(service: Service | 'postgres'): string;
  /** Stops the Temporal services (not PostgreSQL). */
  stopServer(): Promise<void>;
  /** Starts the Temporal services again on the same database and ports, and waits until they serve. */
  startServer(): Promise<void>;
  /** Stops everything this cluster started, and removes its temporary folder. */
  stop(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  name: string;
}

function startChild(
  name: string,
  command: string,
  args: string[],
  logFile: string,
  user?: { uid: number; gid: number },
): Child {
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, {
    stdio: ['ignore', out, out],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  closeSync(out);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return { process: child, exited, name };
}

async function stopChild(child: Child, graceMs = 15_000): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) {
    child.process.kill('SIGTERM');
    const timedOut = await Promise.race([child.exited.then(() => false), sleep(graceMs).then(() => true)]);
    if (timedOut) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  }
}

/** The last lines of a log, a structured (JSON) line reduced to its level, message and error. */
function tail(file: string, lines = 8): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((line) => {
        try {
          const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
          return `${entry.level}: ${entry.msg}${entry.error ? ` (${entry.error})` : ''}`.slice(0, 400);
        } catch {
          return line.slice(0, 400);
        }
      })
      .join('\n');
  } catch {
    return '(no log)';
  }
}

function run(command: string, args: string[], what: string, user?: { uid: number; gid: number }): void {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}): ${[result.stderr, result.stdout].join('\n').trim()}`);
  }
}

/** The server configuration: both stores on PostgreSQL (postgres12 plugin), SQL visibility, 4 history shards. */
export function serverConfig(ports: Ports, password: string, dynamicConfigFile: string): string {
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: 127.0.0.1:${ports.postgres}
        connectProtocol: tcp
        user: temporal
        password: ${password}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const service = (name: Service) => {
    const grpc = name === 'frontend' ? ports.frontend : ports.grpc[name];
    return `
  ${name}:
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${ports.membership[name]}
      bindOnIP: 127.0.0.1${name === 'frontend' ? `\n      httpPort: ${ports.frontendHttp}` : ''}`;
  };
  return `# Written by scripts/cluster.ts. Membership ports are below 32768: Temporal stores them as smallint.
log:
  stdout: true
  level: warn

persistence:
  numHistoryShards: 4
  defaultStore: default
  visibilityStore: visibility
  datastores:
    default:${store('temporal', 20)}
    visibility:${store('temporal_visibility', 10)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  pprof:
    port: 0

services:${SERVICES.map(service).join('')}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: 127.0.0.1:${ports.frontend}
      httpAddress: 127.0.0.1:${ports.frontendHttp}

dcRedirectionPolicy:
  policy: noop

dynamicConfigClient:
  filepath: ${dynamicConfigFile}
  pollInterval: 10s
`;
}

/** Starts PostgreSQL, creates both databases with the schema tool, then the four Temporal services. */
export async function startCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const binaries = await ensureClusterBinaries();
  const pgBin = ensurePostgres();
  const namespace = options.namespace ?? 'default';
  const user = unprivilegedUser();
  const temporary = !options.dir;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'temporal-cluster-'));
  mkdirSync(dir, { recursive: true });
  const logs = path.join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const logFile = (name: string) => path.join(logs, `${name}.log`);

  const taken = new Set<number>();
  if (options.port !== undefined) {
    if (!(await portIsFree(options.port))) {
      throw new Error(`Something already serves 127.0.0.1:${options.port}: stop it (a dev server?) or pass --port`);
    }
    taken.add(options.port);
  }
  const ports: Ports = {
    postgres: await freePort(taken),
    frontend: options.port ?? (await freePort(taken)),
    frontendHttp: await freePort(taken),
    grpc: { history: await freePort(taken), matching: await freePort(taken), worker: await freePort(taken) },
    membership: {
      frontend: await freePort(taken),
      history: await freePort(taken),
      matching: await freePort(taken),
      worker: await freePort(taken),
    },
  };

  const pgData = path.join(dir, 'pgdata');
  const passwordFile = path.join(dir, 'pgpassword');
  const password = existsSync(passwordFile)
    ? readFileSync(passwordFile, 'utf8').trim()
    : randomBytes(12).toString('hex');
  const children: Child[] = [];
  let postgres: Child | undefined;
  const stopAll = async () => {
    await Promise.all(children.splice(0).map((child) => stopChild(child)));
    if (postgres) await stopChild(postgres);
    postgres = undefined;
    if (temporary) await rm(dir, { recursive: true, force: true });
  };

  try {
    if (user) chownSync(dir, user.uid, user.gid);
    if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
      log(`initdb ${pgData}${user ? ` (as ${user.name}: PostgreSQL refuses to run as root)` : ''}`);
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
      if (user) chownSync(passwordFile, user.uid, user.gid);
      run(
        path.join(pgBin, 'initdb'),
        [
          '-D',
          pgData,
          '-U',
          'temporal',
          `--pwfile=${passwordFile}`,
          '-A',
          'scram-sha-256',
          '-E',
          'UTF8',
          '--no-locale',
        ],
        'initdb',
        user,
      );
    }
    log(`PostgreSQL on 127.0.0.1:${ports.postgres}`);
    postgres = startChild(
      'postgres',
      path.join(pgBin, 'postgres'),
      [
        '-D',
        pgData,
        '-p',
        String(ports.postgres),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${pgData}`,
        // A throw-away database: durability traded for speed on a shared 2-core machine.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=200',
      ],
      logFile('postgres'),
      user,
    );
    await waitForPostgres(pgBin, pgData, ports.postgres, postgres, logFile('postgres'));

    const sql = (database: string, ...args: string[]) =>
      run(
        binaries.sqlTool,
        [
          '--plugin',
          'postgres12',
          '--endpoint',
          '127.0.0.1',
          '--port',
          String(ports.postgres),
          '--user',
          'temporal',
          '--password',
          password,
          '--database',
          database,
          ...args,
        ],
        `temporal sql tool (${database}: ${args.join(' ')})`,
      );
    for (const [database, schema] of [
      ['temporal', 'postgresql/v12/temporal'],
      ['temporal_visibility', 'postgresql/v12/visibility'],
    ] as const) {
      const marker = path.join(dir, `${database}.schema-created`);
      if (!existsSync(marker)) {
        log(`creating database ${database} with the schema shipped in the server module (${schema})`);
        sql(database, 'create-database');
        sql(database, 'setup-schema', '-v', '0.0');
        await writeFile(marker, '');
      }
      sql(database, 'update-schema', '--schema-name', schema);
    }

    const configDir = path.join(dir, 'config');
    mkdirSync(configDir, { recursive: true });
    // The same file docker-compose.yml mounts.
    const dynamicConfigFile = path.join(projectRoot, 'deploy', 'temporal-dynamicconfig.yaml');
    await writeFile(path.join(configDir, 'cluster.yaml'), serverConfig(ports, password, dynamicConfigFile));

    const address = `127.0.0.1:${ports.frontend}`;
    const startService = (service: Service) =>
      children.push(
        startChild(
          service,
          binaries.server,
          ['--root', dir, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start', '--service', service],
          logFile(service),
        ),
      );
    const startServer = async () => {
      // The first service to start writes the cluster's metadata record; services started together race to insert
      // it and all but one exit ("failed to initialize current cluster metadata"). So one goes first.
      const [first, ...rest] = SERVICES;
      startService(first);
      await waitForClusterMetadata(pgBin, ports.postgres, password, children, logFile);
      rest.forEach(startService);
      log(`Temporal ${TEMPORAL_SERVER_VERSION}: ${SERVICES.join(', ')}; frontend on ${address}`);
      await waitForFrontend(address, children, logFile);
    };
    const stopServer = async () => {
      await Promise.all(children.splice(0).map((child) => stopChild(child)));
    };
    await startServer();
    await setUpNamespace(address, namespace);
    return {
      address,
      namespace,
      dir,
      postgresPort: ports.postgres,
      logFile,
      stopServer,
      startServer,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function waitForPostgres(pgBin: string, pgData: string, port: number, child: Child, logFile: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`PostgreSQL exited (${child.process.exitCode ?? child.process.signalCode}):\n${tail(logFile)}`);
    }
    const ready = spawnSync(path.join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']);
    if (ready.status === 0) return;
    await sleep(250);
  }
  throw new Error(`PostgreSQL (${pgData}) did not accept connections within 30 s:\n${tail(logFile)}`);
}

async function waitForClusterMetadata(
  pgBin: string,
  port: number,
  password: string,
  children: Child[],
  logFile: (name: string) => string,
) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const dead = children.find((child) => child.process.exitCode !== null || child.process.signalCode !== null);
    if (dead) throw new Error(`the Temporal ${dead.name} service exited:\n${tail(logFile(dead.name))}`);
    const count = spawnSync(
      path.join(pgBin, 'psql'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'temporal',
        '-d',
        'temporal',
        '-tAc',
        'SELECT count(*) FROM cluster_metadata_info',
      ],
      { encoding: 'utf8', env: { ...process.env, PGPASSWORD: password } },
    );
    if (count.status === 0 && Number(count.stdout.trim()) > 0) return;
    await sleep(500);
  }
  throw new Error('the first Temporal service did not write the cluster metadata within 2 minutes');
}

async function waitForFrontend(address: string, children: Child[], logFile: (name: string) => string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const dead = children.find((child) => child.process.exitCode !== null || child.process.signalCode !== null);
    if (dead) throw new Error(`the Temporal ${dead.name} service exited:\n${tail(logFile(dead.name))}`);
    // A lazy connection can be closed even when it never connected: no channel is left behind.
    const connection = Connection.lazy({ address, connectTimeout: 1000 });
    try {
      await connection.ensureConnected();
      // The system namespace answers only once history and matching have joined the frontend's ring.
      await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
      return;
    } catch {
      await sleep(1000);
    } finally {
      await connection.close();
    }
  }
  throw new Error(`the Temporal frontend did not serve ${address} within 2 minutes:\n${tail(logFile('frontend'))}`);
}

/**
 * The plain server creates no namespace: register it, then the project's search attributes. Both take effect
 * through caches the services refresh every few seconds, so each step is retried until it shows, and the last
 * failure (not a silent pass) is what a caller sees.
 */
export async function setUpNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await retry(`describe namespace ${namespace}`, async () => {
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } catch (error) {
        if ((error as { code?: number }).code !== 5) throw error; // 5: NOT_FOUND
        log(`registering namespace ${namespace}`);
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(3 * 24 * 3600 * 1000),
        });
        throw new Error(`namespace ${namespace} registered; waiting for the services to see it`);
      }
    });
    await retry(`register search attributes in ${namespace}`, async () => {
      const added = await registerMissingSearchAttributes(connection, namespace);
      if (added.length > 0) {
        log(`registered search attributes ${added.join(', ')}`);
        throw new Error(`registered ${added.join(', ')}; checking again`);
      }
    });
    // Visibility must accept a query on each attribute before a lead can be found by it.
    const query = ALL_SEARCH_ATTRIBUTES.map((key) => `${key.name} IS NULL`).join(' AND ');
    await retry('query by the search attributes', () =>
      connection.workflowService.countWorkflowExecutions({ namespace, query }),
    );
  } finally {
    await connection.close();
  }
}

async function retry<T>(what: string, attempt: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`${what} failed: ${(error as Error).message}`);
      }
      await sleep(1000);
    }
  }
}

function parseArgs(argv: string[]): { port: number; namespace: string; dir?: string } {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const port = Number(value('--port') ?? 7233);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port: not a port: ${value('--port')}`);
  const dir = value('--dir');
  return {
    port,
    namespace: value('--namespace') ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
    ...(dir ? { dir: path.resolve(dir) } : {}),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const cluster = await startCluster(args);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the Temporal services and PostgreSQL`);
    cluster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('Ctrl-C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  log(
    `ready in ${Math.round((Date.now() - started) / 1000)} s: Temporal ${TEMPORAL_SERVER_VERSION} at ${cluster.address}`,
  );
  log(`namespace ${cluster.namespace}, search attributes ${ALL_SEARCH_ATTRIBUTES.map((k) => k.name).join(', ')}`);
  log(`PostgreSQL on 127.0.0.1:${cluster.postgresPort}; data, config and logs in ${cluster.dir}`);
  log(`try: TEMPORAL_ADDRESS=${cluster.address} npm run worker   (and npm run cli -- ... in another terminal)`);
  log('Ctrl-C stops everything');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`[cluster] ${(error as Error).message}`);
    process.exit(1);
  });
}
