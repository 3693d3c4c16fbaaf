import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { searchAttributeFlags } from '../scripts/dev-server';
import { ensureTemporalCli } from '../scripts/servers';

export interface BenchServer {
  address: string;
  pid: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A port nothing listens on now: the kernel picks it, we release it, the dev server takes it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * `temporal server start-dev` with no database file (in memory, gone when it stops), no Web UI, every port free,
 * and the engine's search attributes: nothing of a developer's `npm start` state is touched or measured.
 */
export async function startBenchServer(): Promise<BenchServer> {
  const cliPath = await ensureTemporalCli();
  if (!cliPath) throw new Error('No Temporal CLI: `npm run servers` builds one (needs Go).');
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(
    cliPath,
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--http-port',
      String(httpPort),
      '--metrics-port',
      String(metricsPort),
      '--log-level',
      'error',
      ...searchAttributeFlags(),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      await connection.close();
      break;
    } catch (error) {
      if (attempt > 120) {
        await stop();
        throw error;
      }
      await sleep(500);
    }
  }
  if (child.pid === undefined) throw new Error('the dev server has no process id');
  return { address, pid: child.pid, process: child, stop };
}
