import type { Client } from '@temporalio/client';
import { runCli } from '../../client/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process against a test server's client. */
export async function runCliWith(
  client: Client,
  args: string[],
  options: string | { stdin?: string; env?: NodeJS.ProcessEnv } = '',
): Promise<CliRun> {
  const { stdin = '', env = {} } = typeof options === 'string' ? { stdin: options } : options;
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      readStdin: async () => stdin,
    },
    env,
    connect: async () => ({ client, close: async () => {} }),
  });
  return { code, stdout, stderr };
}
