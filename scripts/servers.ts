/**
 * Obtains the two real Temporal servers this project runs on, from registries this machine can reach:
 * - the Temporal CLI dev server (server + Web UI + SQLite), built from the Go module proxy;
 * - Temporal's Java time-skipping test server, copied from Maven Central.
 * Both land in the git-ignored `.tools/` folder and are reused on the next run.
 *
 * Run directly (`npm run servers`) it fetches whatever is missing and prints where each server is.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot as rootOfProject } from '../codec/project-root';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEST_SERVER_VERSION = '1.38.0';

const projectRoot = rootOfProject();
const toolsDir = path.join(projectRoot, '.tools');

/** An `undefined` path means: let @temporalio/testing download its own copy (only works with internet access). */
export interface ServerExecutables {
  temporalCli: string | undefined;
  testServer: string | undefined;
}

function log(message: string): void {
  process.stderr.write(`[servers] ${message}\n`);
}

/** Runs a build step with its output shown; a failure means "fall back", not "stop the tests". */
function succeeds(command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  try {
    execFileSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    return true;
  } catch {
    return false;
  }
}

export function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const located = found.stdout.trim();
  return found.status === 0 && located ? located : undefined;
}

/** Packages `go install` builds for the CLI on a fresh machine (`go list -deps ./cmd/temporal` at v1.5.1: 1,298). */
export const TEMPORAL_CLI_PACKAGES = 1300;

export interface GoProgress {
  modulesDownloaded: number;
  packagesBuilt: number;
  elapsedMs: number;
}

/** What a `go install` builds, for its progress lines: a name, and roughly how many packages it compiles. */
export interface GoBuildTarget {
  name: string;
  packages: number;
}

const TEMPORAL_CLI_TARGET: GoBuildTarget = { name: 'the Temporal CLI', packages: TEMPORAL_CLI_PACKAGES };

export function describeGoProgress(progress: GoProgress, target: GoBuildTarget = TEMPORAL_CLI_TARGET): string {
  const seconds = Math.round(progress.elapsedMs / 1000);
  const elapsed = `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  const share = Math.min(99, Math.round((progress.packagesBuilt / target.packages) * 100));
  return progress.packagesBuilt === 0
    ? `building ${target.name}: ${progress.modulesDownloaded} modules downloaded, ${elapsed}`
    : `building ${target.name}: ${progress.packagesBuilt} of about ${target.packages} packages (${share}%), ${elapsed}`;
}

/**
 * `go install -v` names each package as it is built (and `go: downloading` each module): counted, and reported every
 * `everyMs`, so the first run's few minutes of building are not minutes of silence.
 */
export function goInstallWithProgress(
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    everyMs?: number;
    report?: (line: string) => void;
    go?: string;
    /** Where `go install` runs: a module's own folder, to install that module with its go.mod. */
    cwd?: string;
    target?: GoBuildTarget;
  } = {},
): Promise<boolean> {
  const report = options.report ?? log;
  const started = Date.now();
  const progress: GoProgress = { modulesDownloaded: 0, packagesBuilt: 0, elapsedMs: 0 };
  const child = spawn(options.go ?? 'go', ['install', '-v', ...args], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
  });
  const errors: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.startsWith('go: downloading ')) progress.modulesDownloaded += 1;
    else if (/^[\w.-]+(\/[\w.~+-]+)*$/.test(line.trim())) progress.packagesBuilt += 1;
    else errors.push(line);
  });
  const timer = setInterval(() => {
    progress.elapsedMs = Date.now() - started;
    report(describeGoProgress(progress, options.target));
  }, options.everyMs ?? 10_000);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearInterval(timer);
      if (!ok && errors.length > 0) report(errors.slice(-20).join('\n'));
      resolve(ok);
    };
    child.once('error', () => done(false));
    child.once('exit', (code) => done(code === 0));
  });
}

export async function ensureTemporalCli(): Promise<string | undefined> {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const installed = onPath('temporal');
  if (installed) return installed;
  const cached = path.join(toolsDir, `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
  if (existsSync(cached)) return cached;
  if (!onPath('go')) {
    log('neither `temporal` nor `go` is available: tests will let @temporalio/testing download the dev server');
    return undefined;
  }
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first run only, a few minutes)`);
  const started = Date.now();
  const binDir = path.dirname(cached);
  mkdirSync(binDir, { recursive: true });
  // The version string is otherwise "0.0.0-DEV", since go install does not run the release's ldflags.
  const ldflags = `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION.slice(1)}`;
  const built = await goInstallWithProgress(
    [`-ldflags=${ldflags}`, `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`],
    { env: { GOBIN: binDir, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() } },
  );
  if (!built) {
    log('go install failed: tests will let @temporalio/testing download the dev server');
    return undefined;
  }
  log(`built ${cached} in ${Math.round((Date.now() - started) / 1000)} s`);
  return cached;
}

export function ensureTestServer(): string | undefined {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_TEST_SERVER_PATH points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const home = path.join(toolsDir, `temporal-test-server-${TEST_SERVER_VERSION}`);
  const launcher = path.join(home, 'bin', 'temporal-test-server');
  const libDir = path.join(home, 'lib');
  if (existsSync(launcher) && existsSync(libDir) && readdirSync(libDir).length > 0) return launcher;
  if (!onPath('mvn') || !onPath('java')) {
    log('Maven or Java is missing: tests will let @temporalio/testing download the time-skipping server');
    return undefined;
  }
  log(`copying io.temporal:temporal-test-server:${TEST_SERVER_VERSION} and its dependencies from Maven Central`);
  rmSync(libDir, { recursive: true, force: true });
  const copied = succeeds('mvn', [
    '-B',
    '-q',
    '-f',
    path.join(projectRoot, 'scripts', 'test-server', 'pom.xml'),
    `-Dtemporal.test.server.version=${TEST_SERVER_VERSION}`,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${libDir}`,
  ]);
  if (!copied) {
    log('mvn failed: tests will let @temporalio/testing download the time-skipping server');
    return undefined;
  }
  mkdirSync(path.dirname(launcher), { recursive: true });
  // @temporalio/testing runs `<path> <port> --enable-time-skipping`, so a tiny launcher stands in for the
  // native binary that the SDK would otherwise download.
  writeFileSync(
    launcher,
    [
      '#!/bin/sh',
      'home=$(cd "$(dirname "$0")/.." && pwd)',
      'exec java -XX:+UseSerialGC -cp "$home/lib/*" io.temporal.testserver.TestServer "$@"',
      '',
    ].join('\n'),
  );
  chmodSync(launcher, 0o755);
  return launcher;
}

export async function ensureServers(): Promise<ServerExecutables> {
  return { temporalCli: await ensureTemporalCli(), testServer: ensureTestServer() };
}

if (require.main === module) {
  void ensureServers().then((servers) => {
    log(`dev server:          ${servers.temporalCli ?? '(SDK download)'}`);
    log(`time-skipping server: ${servers.testServer ?? '(SDK download)'}`);
  });
}
