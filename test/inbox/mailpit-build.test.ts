/**
 * How the Mailpit build treats its surroundings, with stand-ins for `go` and `npm` that do what the real ones do to
 * the files and record how they were called (the real build takes minutes and is run by global setup; mailpit.test.ts
 * checks its result). Each test has its own folder and its own binary path, never the one in .tools.
 */
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureMailpit } from '../../scripts/mailpit-build';

let dir: string;
let saved: { PATH?: string; MAILPIT_PATH?: string; npm_config_local_prefix?: string };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mailpit-build-test-'));
  saved = {
    PATH: process.env.PATH,
    MAILPIT_PATH: process.env.MAILPIT_PATH,
    npm_config_local_prefix: process.env.npm_config_local_prefix,
  };
  delete process.env.MAILPIT_PATH;
});

afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(dir, { recursive: true, force: true });
});

/**
 * A module source like Mailpit's, and `go` and `npm` on PATH: `npm` writes
 * what `frontEnd` says into server/ui/dist, and each call is logged with its folder and npm's variables.
 */
async function standInToolchain(frontEnd: 'bundles' | 'fails'): Promise<{ calls: () => Promise<string[]> }> {
  const source = path.join(dir, 'module-cache', 'mailpit@v1.27.11');
  await mkdir(path.join(source, 'server', 'ui'), { recursive: true });
  await writeFile(path.join(source, 'package.json'), '{}');
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'calls.log');
  await mkdir(bin);
  const record = `echo "$(basename "$0") $* | cwd=$(/bin/pwd) | npm vars=$(env | grep -ci '^npm_')" >> ${log}`;
  await writeFile(
    path.join(bin, 'go'),
    [
      '#!/bin/sh',
      record,
      'case "$1" in',
      `  mod) echo '{"Path":"github.com/axllent/mailpit","Dir":"${source}"}' ;;`,
      '  install) echo "github.com/axllent/mailpit" >&2; printf "#!/bin/sh\\n" > "$GOBIN/mailpit" ;;',
      'esac',
    ].join('\n'),
  );
  await writeFile(
    path.join(bin, 'npm'),
    [
      '#!/bin/sh',
      record,
      frontEnd === 'fails'
        ? 'if [ "$1" = run ]; then echo "✘ [ERROR] Could not resolve \\"vue\\"" >&2; exit 1; fi'
        : 'if [ "$1" = run ]; then mkdir -p server/ui/dist && touch server/ui/dist/app.js server/ui/dist/app.css; fi',
    ].join('\n'),
  );
  await chmod(path.join(bin, 'go'), 0o755);
  await chmod(path.join(bin, 'npm'), 0o755);
  process.env.PATH = `${bin}:${saved.PATH ?? ''}`;
  // What `npm start` and `npm test` put in the environment: it names the project, and must not reach the build.
  process.env.npm_config_local_prefix = path.join(dir, 'project');
  return { calls: async () => (await readFile(log, 'utf8')).trim().split('\n') };
}

test('the front end is built in a temporary copy of the source, without npm settings naming the project', async () => {
  const toolchain = await standInToolchain('bundles');
  const binary = path.join(dir, 'tools', 'mailpit-v1.27.11', 'mailpit');
  const lines: string[] = [];

  await expect(ensureMailpit({ binary, report: (line) => lines.push(line) })).resolves.toEqual({ path: binary });

  const calls = await toolchain.calls();
  const npmCalls = calls.filter((call) => call.startsWith('npm '));
  expect(npmCalls.map((call) => call.replace(/cwd=\S+/, 'cwd=…'))).toEqual([
    'npm ci --ignore-scripts --no-audit --no-fund --loglevel=error | cwd=… | npm vars=0',
    'npm run package | cwd=… | npm vars=0',
  ]);
  const copy = /cwd=(\S+)/.exec(npmCalls[0])?.[1] ?? '';
  expect(copy.startsWith(path.join(tmpdir(), 'mailpit-build-'))).toBe(true);
  expect(calls.some((call) => call.startsWith('go install') && call.includes(`cwd=${copy}`))).toBe(true);
  // The temporary copy is gone, the module cache's source untouched, and only the binary is left.
  await expect(readdir(copy)).rejects.toMatchObject({ code: 'ENOENT' });
  expect(await readdir(path.join(dir, 'module-cache', 'mailpit@v1.27.11', 'server', 'ui'))).toEqual([]);
  expect(await readdir(path.join(dir, 'tools'))).toEqual(['mailpit-v1.27.11']);
  expect(lines[lines.length - 1]).toMatch(/^built .*mailpit in \d+ s$/);
});

test("a front end that fails to build is reported with npm's own error, and no binary is made", async () => {
  const toolchain = await standInToolchain('fails');
  const binary = path.join(dir, 'tools', 'mailpit-v1.27.11', 'mailpit');

  const found = await ensureMailpit({ binary, report: () => {} });

  expect(found).toEqual({
    why: '`npm run package` failed in Mailpit\'s source: ✘ [ERROR] Could not resolve "vue"',
  });
  expect((await toolchain.calls()).some((call) => call.startsWith('go install'))).toBe(false);
  await expect(readdir(path.join(dir, 'tools'))).rejects.toMatchObject({ code: 'ENOENT' });
});
