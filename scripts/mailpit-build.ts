/**
 * Mailpit, the local SMTP catcher with a web inbox that `npm start` runs, built from its Go module's source.
 *
 * A plain `go install github.com/axllent/mailpit@v1.27.11` gives a binary whose inbox page loads no script or
 * style: the module ships the front end's source (server/ui-src) but not its bundle (server/ui/dist), which
 * Mailpit's release builds make with npm before compiling and `go:embed` then bakes in. So this does what its
 * Dockerfile does: the module's source from the Go module proxy, copied to a temporary folder (the module cache is
 * read-only, and the project's node_modules is not touched), its front end bundled there with its own
 * package-lock.json, then `go install` from that folder into `.tools/mailpit-v1.27.11/`, reused from then on.
 *
 * Run directly (`npm run mailpit`) it builds it if missing and prints where it is.
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../codec/project-root';
import { goInstallWithProgress, onPath } from './servers';

export const MAILPIT_VERSION = 'v1.27.11';
const MAILPIT_MODULE = 'github.com/axllent/mailpit';
/** `go list -deps .` in the module at v1.27.11 lists 436, the standard library's included. */
const MAILPIT_PACKAGES = 440;

export const MAILPIT_BINARY = path.join(projectRoot(), '.tools', `mailpit-${MAILPIT_VERSION}`, 'mailpit');

export type MailpitLookup = { path: string } | { path?: undefined; why: string };

type Report = (line: string) => void;

const run = promisify(execFile);

function defaultReport(line: string): void {
  process.stderr.write(`[mailpit] ${line}\n`);
}

function seconds(since: number): string {
  return `${Math.round((Date.now() - since) / 1000)} s`;
}

export interface MailpitBuildOptions {
  report?: Report;
  /** Where the binary is kept; another place only for tests of the build itself. */
  binary?: string;
}

/** MAILPIT_PATH, or the binary built before, or a new build; `why` says what stood in the way. */
export async function ensureMailpit(options: MailpitBuildOptions = {}): Promise<MailpitLookup> {
  const { report = defaultReport, binary = MAILPIT_BINARY } = options;
  const fromEnv = process.env.MAILPIT_PATH;
  if (fromEnv) {
    return existsSync(fromEnv) ? { path: fromEnv } : { why: `MAILPIT_PATH points to ${fromEnv}, which does not exist` };
  }
  if (existsSync(binary)) return { path: binary };
  for (const tool of ['go', 'npm']) {
    if (!onPath(tool)) return { why: `building Mailpit needs \`${tool}\`, which is not on PATH` };
  }
  const started = Date.now();
  report(
    `building Mailpit ${MAILPIT_VERSION} from its Go module's source (first run only: up to about five minutes on a new machine)`,
  );
  const workDir = mkdtempSync(path.join(tmpdir(), 'mailpit-build-'));
  try {
    const source = await copyModuleSource(path.join(workDir, 'mailpit'));
    report(`source copied to ${source} (${seconds(started)}); bundling its web inbox with npm`);
    const bundled = await buildFrontEnd(source);
    if ('why' in bundled) return bundled;
    report(`web inbox bundled: ${bundled.assets.join(', ')} (${seconds(started)}); compiling`);
    return await compile(source, binary, report, started);
  } catch (error) {
    return { why: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function copyModuleSource(destination: string): Promise<string> {
  const { stdout } = await run('go', ['mod', 'download', '-json', `${MAILPIT_MODULE}@${MAILPIT_VERSION}`]);
  const download = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (!download.Dir) throw new Error(`go mod download found no source: ${download.Error ?? stdout}`);
  cpSync(download.Dir, destination, { recursive: true });
  makeWritable(destination);
  return destination;
}

/** The module cache stores files read-only, and cpSync keeps their modes: npm and esbuild write into the copy. */
function makeWritable(target: string): void {
  const mode = statSync(target).mode;
  chmodSync(target, mode | 0o200);
  if (statSync(target).isDirectory()) {
    for (const entry of readdirSync(target)) makeWritable(path.join(target, entry));
  }
}

async function buildFrontEnd(source: string): Promise<{ assets: string[] } | { why: string }> {
  // Install scripts are left out: none is needed for the bundle (esbuild's binary comes as an optional dependency),
  // and some would compile native add-ons (tree-sitter) or report home (@scarf/scarf).
  const steps: [string, string[]][] = [
    ['npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']],
    ['npm', ['run', 'package']],
  ];
  // Under `npm start` or `npm test` the environment carries npm's settings for this project (npm_config_local_prefix
  // among them): left out, so nothing can install into the project's own node_modules.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')),
  );
  for (const [command, args] of steps) {
    try {
      await run(command, args, { cwd: source, env, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const failed = error as { stderr?: string; stdout?: string; message: string };
      const output = `${failed.stderr ?? ''}${failed.stdout ?? ''}`.trim().split('\n').slice(-20).join('\n');
      return { why: `\`${command} ${args.join(' ')}\` failed in Mailpit's source: ${output || failed.message}` };
    }
  }
  const dist = path.join(source, 'server', 'ui', 'dist');
  const assets = existsSync(dist) ? readdirSync(dist) : [];
  if (!assets.includes('app.js') || !assets.includes('app.css')) {
    return { why: `the front-end build left no app.js and app.css in server/ui/dist (found: ${assets.join(', ')})` };
  }
  return { assets };
}

async function compile(source: string, binary: string, report: Report, started: number): Promise<MailpitLookup> {
  // Installed beside the final folder, then renamed into it: another checkout sharing .tools never runs half a file.
  const partialDir = `${path.dirname(binary)}.partial-${process.pid}`;
  mkdirSync(partialDir, { recursive: true });
  try {
    const installed = await goInstallWithProgress(
      [`-ldflags=-s -w -X ${MAILPIT_MODULE}/config.Version=${MAILPIT_VERSION}`, '.'],
      {
        cwd: source,
        // Pure Go (its SQLite is modernc's), so no C compiler is needed.
        env: { GOBIN: partialDir, CGO_ENABLED: '0', GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
        report,
        target: { name: `Mailpit ${MAILPIT_VERSION}`, packages: MAILPIT_PACKAGES },
      },
    );
    if (!installed) return { why: 'go install of Mailpit failed (its errors are above)' };
    mkdirSync(path.dirname(binary), { recursive: true });
    renameSync(path.join(partialDir, 'mailpit'), binary);
    report(`built ${binary} in ${seconds(started)}`);
    return { path: binary };
  } finally {
    rmSync(partialDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void ensureMailpit().then((found) => {
    defaultReport(found.path !== undefined ? found.path : `not available: ${found.why}`);
    process.exitCode = found.path !== undefined ? 0 : 1;
  });
}
