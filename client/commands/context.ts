/** What every command group is given: the global options, the shared output, and a client that answers in time. */
import { Client, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { followUpDaysFrom } from '../follow-up-days';
import type { StartLeadOptions } from '../lifecycle';
import { explainServerSetup } from '../server-setup-errors';
import { fromCaller } from './input';
import { CliExit, EXIT_CODES, type CliIo, type Output } from './output';

export interface CliEnvironment {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** Opens a client for one command; tests hand in the test server's. */
  connect(options: { address: string; namespace: string }): Promise<{ client: Client; close(): Promise<void> }>;
}

export interface GlobalOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  json?: boolean;
}

export interface CommandContext {
  readonly io: CliIo;
  readonly env: NodeJS.ProcessEnv;
  readonly out: Output;
  /** Read when a command runs: commander fills them in while parsing. */
  globals(): GlobalOptions;
  /**
   * Runs `body` against the server. Unless `patient` (a long import), it has CLI_TIMEOUT_SECONDS to answer: a gate or
   * a meeting report waits for a worker, and with none running the person is told so instead of waiting for ever.
   */
  withClient<T>(body: (client: Client) => Promise<T>, options?: { patient?: boolean }): Promise<T>;
  /** A path as the caller meant it: relative to where they typed the command. */
  fromCaller(file: string): string;
  /** How new leads start: this worker's task queue, and the FOLLOW_UP_DAYS the worker is configured with. */
  startOptions(): StartLeadOptions;
}

/** gRPC's status code for a call that ran out of time. */
const GRPC_DEADLINE_EXCEEDED = 4;

/** How long a command waits for the server and a worker to answer. */
const DEFAULT_ANSWER_TIMEOUT_SECONDS = 30;

export function commandContext(cli: CliEnvironment, globals: () => GlobalOptions, out: Output): CommandContext {
  const answerTimeoutMs = secondsFrom(cli.env.CLI_TIMEOUT_SECONDS, DEFAULT_ANSWER_TIMEOUT_SECONDS) * 1000;
  return {
    io: cli.io,
    env: cli.env,
    out,
    globals,
    fromCaller: (file) => fromCaller(cli.env, file),
    startOptions: () => {
      const followUpDays = followUpDaysFrom(cli.env.FOLLOW_UP_DAYS);
      return { taskQueue: globals().taskQueue, ...(followUpDays ? { followUpDays } : {}) };
    },
    async withClient(body, { patient = false } = {}) {
      const { address, namespace } = globals();
      let connection: Awaited<ReturnType<CliEnvironment['connect']>>;
      try {
        connection = await cli.connect({ address, namespace });
      } catch (error) {
        throw unreachable(address, error);
      }
      const { client } = connection;
      try {
        if (patient) return await body(client);
        return await client.withDeadline(Date.now() + answerTimeoutMs, () => body(client));
      } catch (error) {
        if (isDeadline(error)) throw noAnswer(answerTimeoutMs);
        const unprepared = explainServerSetup(error, { address, namespace });
        if (unprepared) throw new CliExit(EXIT_CODES.failure, unprepared);
        throw error;
      } finally {
        await connection.close();
      }
    },
  };
}

function secondsFrom(value: string | undefined, fallback: number): number {
  const seconds = Number(value);
  return value && Number.isFinite(seconds) && seconds > 0 ? seconds : fallback;
}

function isDeadline(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === GRPC_DEADLINE_EXCEEDED;
}

function noAnswer(timeoutMs: number): CliExit {
  return new CliExit(
    EXIT_CODES.failure,
    `no answer within ${timeoutMs / 1000} s: is a worker running (\`npm start\` or \`npm run worker\`)? ` +
      'What you asked may still be applied when a worker comes back: check with `status` before repeating it.',
  );
}

/** Why an unreachable server is unreachable, and what to do about it. */
function unreachable(address: string, error: unknown): CliExit {
  const reason = error instanceof Error ? error.message : String(error);
  return new CliExit(
    EXIT_CODES.failure,
    `cannot reach the Temporal server at ${address} (${reason}). Start the dev server and the worker with ` +
      '`npm start`, or give the address of a running one with --address or TEMPORAL_ADDRESS.',
  );
}
