/**
 * How long `status` takes as a person types it: a new process each time, from start to exit. Compared with the
 * compiled CLI run directly, the CLI through TypeScript (tsx, as `npm run cli` was before it was compiled), and a
 * bare client: a process that only connects and sends the same query.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../codec/project-root';
import { median } from './stats';

export interface StartFigure {
  how: string;
  command: string;
  runs: number;
  minMs: number;
  medianMs: number;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: projectRoot(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/** The floor: start Node, load the gRPC client, connect, one query, exit. No codec, no CLI, no formatting. */
function bareQueryScript(address: string, workflowId: string): string {
  return [
    `const { Connection } = require('@temporalio/client');`,
    `(async () => {`,
    `  const connection = await Connection.connect({ address: ${JSON.stringify(address)} });`,
    `  await connection.workflowService.queryWorkflow({ namespace: 'default', execution: { workflowId: ${JSON.stringify(workflowId)} }, query: { queryType: 'state' } });`,
    `  await connection.close();`,
    `})().catch((error) => { console.error(error); process.exit(1); });`,
  ].join('\n');
}

export async function processStarts(
  address: string,
  workflowId: string,
  email: string,
  runs: number,
  env: NodeJS.ProcessEnv,
): Promise<StartFigure[]> {
  const root = projectRoot();
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const ways = [
    { how: 'compiled CLI, `npm run cli -- status`', command: 'npm', args: ['run', '-s', 'cli', '--', 'status', email] },
    {
      how: 'compiled CLI, `node lib/client/cli.js status`',
      command: process.execPath,
      args: ['lib/client/cli.js', 'status', email],
    },
    {
      how: 'CLI through tsx (`npm run cli:dev`, the old `npm run cli`)',
      command: tsx,
      args: ['client/cli.ts', 'status', email],
    },
    {
      how: 'bare client query (connect, query, exit)',
      command: process.execPath,
      args: ['-e', bareQueryScript(address, workflowId)],
    },
  ];
  const samples = new Map<string, number[]>(ways.map((way) => [way.how, []]));
  // Interleaved, so a slow moment of the machine does not land on one way only.
  for (let run = 0; run < runs; run++) {
    for (const way of ways) samples.get(way.how)?.push(await timed(way.command, way.args, env));
  }
  return ways.map((way) => {
    const times = samples.get(way.how) ?? [];
    return {
      how: way.how,
      command: [path.basename(way.command), ...way.args.map((arg) => (arg.includes('\n') ? '<script>' : arg))].join(
        ' ',
      ),
      runs: times.length,
      minMs: Math.min(...times),
      medianMs: median(times),
    };
  });
}
