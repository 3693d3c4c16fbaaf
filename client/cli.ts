/**
 * `npm run cli -- <command>`: the sales team's entry point to the lifecycle. Readable output by default, `--json`
 * for scripts, and exit codes a script can trust (see EXIT_CODES). Each command group is registered from its own
 * file in client/commands/ (client/commands/registry.ts: only the group of the command being run is loaded), over the
 * output layer they share (client/commands/output.ts).
 */
import { Client, Connection } from '@temporalio/client';
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encryptingDataConverter, payloadCodecFrom } from '../codec/payload-codec';
import { projectRoot } from '../codec/project-root';
import { commandContext, type CliEnvironment, type GlobalOptions } from './commands/context';
import { EXIT_CODES, outputTo, reportError } from './commands/output';
import { registerCommands } from './commands/registry';

export { EXIT_CODES, type CliIo } from './commands/output';
export type { CliEnvironment } from './commands/context';

export async function defaultConnect(options: { address: string; namespace: string }) {
  // The worker's key: whatever the CLI sends is encrypted, and what it reads back is decrypted (codec/payload-codec.ts).
  const codec = payloadCodecFrom(process.env);
  const connection = await Connection.connect({ address: options.address });
  return {
    client: new Client({ connection, namespace: options.namespace, dataConverter: encryptingDataConverter(codec) }),
    close: () => connection.close(),
  };
}

/** The engine's version, from package.json wherever the CLI runs from (source or lib/). */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

export async function runCli(argv: string[], cli: CliEnvironment): Promise<number> {
  const { io } = cli;
  const program = new Command('lifecycle')
    .description('Leads and clients on the customer-lifecycle engine')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .showHelpAfterError()
    .option('--address <host:port>', 'Temporal frontend', cli.env.TEMPORAL_ADDRESS ?? 'localhost:7233')
    .option('--namespace <name>', 'Temporal namespace', cli.env.TEMPORAL_NAMESPACE ?? 'default')
    .option('--task-queue <name>', 'task queue of the worker', cli.env.TEMPORAL_TASK_QUEUE ?? 'customer-lifecycle')
    .option('--json', 'machine-readable output')
    .version(packageVersion(), '--version', 'the version of this engine');
  const globals = () => program.opts<GlobalOptions>();
  const ctx = commandContext(
    cli,
    globals,
    outputTo(io, () => globals().json === true),
  );

  registerCommands(program, ctx, argv);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, io, globals().json === true);
  }
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    io: {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      readStdin: readAllStdin,
    },
    env: process.env,
    connect: defaultConnect,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_CODES.failure;
    },
  );
}
