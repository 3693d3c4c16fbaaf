/**
 * Obtains the two real Temporal servers this project runs on, from registries this machine can reach:
 * - the Temporal CLI dev server (server + Web UI + SQLite), built from the Go module proxy;
 * - Temporal's Java time-skipping test server, copied from Maven Central.
 * Both land in the git-ignored `.tools/` folder and are reused on the next run.
 *
 * Run directly (`npm run servers`) it fetches whatever is missing and prints where each server is.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEST_SERVER_VERSION = '1.38.0';

const projectRoot = path.resolve(__dirname, '..');
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

function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const located = found.stdout.trim();
  return found.status === 0 && located ? located : undefined;
}

export function ensureTemporalCli(): string | undefined {
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
  const built = succeeds(
    'go',
    ['install', `-ldflags=${ldflags}`, `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`],
    { GOBIN: binDir, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
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

export function ensureServers(): ServerExecutables {
  return { temporalCli: ensureTemporalCli(), testServer: ensureTestServer() };
}

if (require.main === module) {
  const servers = ensureServers();
  log(`dev server:          ${servers.temporalCli ?? '(SDK download)'}`);
  log(`time-skipping server: ${servers.testServer ?? '(SDK download)'}`);
}
