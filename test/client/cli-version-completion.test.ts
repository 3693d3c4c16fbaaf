import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../client/cli';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), readStdin: async () => '' },
    env: {},
    connect: async () => {
      throw new Error('these commands need no server');
    },
  });
  return { code, stdout, stderr };
}

/** What bash offers after `lifecycle <words>` when the script is sourced, as a shell user would see it. */
async function complete(script: string, words: string[]): Promise<string[]> {
  const line = ['lifecycle', ...words];
  const program = [
    script,
    `COMP_WORDS=(${line.map((word) => `'${word}'`).join(' ')})`,
    `COMP_CWORD=${line.length - 1}`,
    '_lifecycle_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const { stdout } = await promisify(execFile)('bash', ['-c', program]);
  return stdout.split('\n').filter(Boolean);
}

test('--version prints the version in package.json', async () => {
  const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
    version: string;
  };
  expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
});

test('completion gives bash a script that completes commands, subcommands and options', async () => {
  const { code, stdout } = await cli(['completion']);
  expect(code).toBe(0);
  expect(await complete(stdout, ['gre'])).toEqual(['greeting']);
  expect(await complete(stdout, ['list', '--ov'])).toEqual(['--overdue']);
  expect(await complete(stdout, ['meeting', ''])).toEqual(expect.arrayContaining(['schedule', 'accepted']));
  expect(await complete(stdout, ['support', 'o'])).toEqual(['open']);
});
