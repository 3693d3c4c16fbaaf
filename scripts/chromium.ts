/**
 * Headless Chromium for the pipeline page's screenshot check, from Debian's own packages: `chromium` on PATH, or
 * `apt-get install chromium` where this is a Debian machine and we are root. Anywhere else it says why and gives up,
 * and the screenshot test is skipped with that message. `npm run chromium` runs it alone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NAMES = ['chromium', 'chromium-browser'];

function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const located = found.stdout.trim();
  return found.status === 0 && located ? located : undefined;
}

function installed(): string | undefined {
  for (const name of NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return undefined;
}

export type ChromiumLookup = { path: string } | { path?: undefined; why: string };

export function ensureChromium(
  log: (line: string) => void = (line) => process.stderr.write(`[chromium] ${line}\n`),
): ChromiumLookup {
  const found = installed();
  if (found) return { path: found };
  if (!existsSync('/etc/debian_version')) return { why: 'not a Debian machine: install Chromium yourself to run it' };
  if (!onPath('apt-get')) return { why: 'apt-get is not available' };
  if (process.getuid?.() !== 0)
    return { why: 'installing Chromium with apt-get needs root: run `sudo apt-get install chromium`' };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  try {
    log('installing chromium from Debian (apt-get install chromium), once');
    try {
      install();
    } catch {
      log('apt-get install failed; updating the package lists and trying once more');
      execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
      install();
    }
  } catch (error) {
    return { why: `apt-get could not install chromium (${error instanceof Error ? error.message : String(error)})` };
  }
  const after = installed();
  return after ? { path: after } : { why: 'apt-get finished but no chromium is on PATH' };
}

if (require.main === module) {
  const result = ensureChromium();
  process.stderr.write(
    result.path !== undefined ? `[chromium] ${result.path}\n` : `[chromium] not available: ${result.why}\n`,
  );
  process.exitCode = result.path ? 0 : 1;
}
