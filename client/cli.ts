/**
 * `npm run cli -- <command>`: the sales team's entry point to the lifecycle. Readable output by default, `--json`
 * for scripts, and exit codes a script can trust (see EXIT_CODES).
 */
import {
  ActivityFailure,
  Client,
  Connection,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseLifecycleStage, STAGE_LABELS } from '../workflows/stages';
import { isGatedStage, type GateRequest } from '../workflows/gates';
import { gateSignal } from '../workflows/messages';
import { scoreLead } from '../workflows/rules/rubric';
import { InvalidInputError, type FieldIssue } from '../workflows/rules/validation';
import { LEAD_SOURCES } from '../workflows/rules/lead-source';
import { parseLead } from '../workflows/lead';
import {
  formatGateOutcome,
  formatLeadList,
  formatRubric,
  formatSchedule,
  formatScheduleList,
  formatPendingWork,
  formatStatus,
} from './format';
import { evidenceHelp } from './gate-help';
import { describeStrategySchedule, listStrategySchedules } from './schedules';
import {
  cancelMeetingUpdate,
  clientJoinedUpdate,
  inviteAcceptedUpdate,
  pickRescheduleSlotUpdate,
  type MeetingState,
} from '../workflows/meeting-messages';
import { readLeadFile } from './lead-file';
import { formatPipeline, parsePeriod, pipelineReport } from './pipeline';
import type { IgnoredDetail } from './lifecycle';
import type { MaintenanceChangeRequest } from '../workflows/maintenance-changes';
import { NonRetryableStoreError } from '../activities/drive/errors';
import { RecordingSources } from '../activities/drive/recording-source';
import { ConfigError, loadRecordingSources } from '../worker/config';
import { encryptingDataConverter, payloadCodecFrom } from '../codec/payload-codec';
import {
  closeLead,
  completeGate,
  getLeadState,
  leadHandle,
  listLeads,
  pendingWork,
  callHandle,
  reportMeeting,
  reviewInvoice,
  scheduleCall,
  scheduleFollowUp,
  completeFollowUp,
  changeMaintenance,
  startLead,
  startProject,
  type NewProjectRequest,
  type StartedLead,
} from './lifecycle';

export const EXIT_CODES = {
  ok: 0,
  /** The server could not be reached, or something unexpected failed. */
  failure: 1,
  /** Bad input: a malformed lead, a rejected gate, an unknown option. Nothing was changed. */
  invalid: 2,
  /** No workflow for that lead. */
  notFound: 3,
} as const;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

export interface CliEnvironment {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** Opens a client for one command; tests hand in the test server's. */
  connect(options: { address: string; namespace: string }): Promise<{ client: Client; close(): Promise<void> }>;
}

interface MeetingOptions {
  title: string;
  by: string;
  senderName?: string;
  discussed: string[];
  nextStep: string[];
  recording?: string;
  epicOwner?: string;
  heldAt?: string;
  followUpDays?: number;
}

/** The worker validates FOLLOW_UP_DAYS the same way: whole days, 1 to 365. */
export function followUpDaysFrom(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new InvalidInputError('Invalid environment', [
      { field: 'FOLLOW_UP_DAYS', message: 'must be a whole number of days from 1 to 365' },
    ]);
  }
  return days;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--in-days abc` is named as the option the user typed, not passed on as NaN (which JSON turns into null). */
function days(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('must be a number of days greater than 0, e.g. 7');
  }
  return parsed;
}

/**
 * The folder the user typed the command in. `npm run cli` runs the CLI from the project's root and keeps the
 * caller's folder in INIT_CWD: without it, `--recording ./intro.mp4` would be looked for in the wrong place.
 */
function callerDirectory(env: NodeJS.ProcessEnv): string {
  return env.INIT_CWD?.trim() ? env.INIT_CWD : process.cwd();
}

/** Lead fields as the `start` options that set them, so an error names what the user typed. */
const START_OPTIONS: Record<string, string> = {
  name: '--name',
  organisation: '--organisation',
  email: '--email',
  mailingListLabel: '--label',
  source: '--source',
  government: '--government',
  notes: '--notes',
  owner: '--owner',
};

/** The same rejection, its fields renamed (`mailingListLabel` to `--label`, or to the CSV column `label`). */
function renameFields(error: unknown, names: Record<string, string>): unknown {
  if (!(error instanceof InvalidInputError)) return error;
  // Own names only: an unknown field called `__proto__` or `constructor` is named as itself, not as Object's.
  const issues: FieldIssue[] = error.issues.map((issue) => ({
    ...issue,
    field: Object.hasOwn(names, issue.field) ? names[issue.field] : issue.field,
  }));
  const prefix = error.message.slice(0, error.message.indexOf(':'));
  return new InvalidInputError(prefix || 'Invalid lead', issues);
}

function describeIgnored(ignored: IgnoredDetail[] | undefined, names: Record<string, string> = {}): string {
  if (!ignored?.length) return '';
  const details = ignored.map(
    (detail) =>
      `${names[detail.field] ?? detail.field} ${JSON.stringify(detail.given)} (the lead has ${JSON.stringify(detail.running)})`,
  );
  return `\n  ignored, as the lead is already running: ${details.join('; ')}`;
}

/** gRPC's status code for a call that ran out of time. */
const GRPC_DEADLINE_EXCEEDED = 4;

/** How long a command waits for the server and a worker to answer. */
const DEFAULT_ANSWER_TIMEOUT_SECONDS = 30;

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

/**
 * The recording as the worker should see it, checked against the same rules the worker enforces (RECORDING_SOURCE_DIR
 * and RECORDING_SOURCE_HOSTS, as this process sees them), so a file outside the recordings folder, a host off the
 * allow-list or an `ftp:`/`file:` URL is refused here, before the workflow hears of it. A relative path means
 * "relative to where I typed the command".
 */
async function checkedRecording(source: string, env: NodeJS.ProcessEnv): Promise<string> {
  // Relative to the folder the user typed the command in (INIT_CWD under `npm run`), not the project's root.
  let sources: RecordingSources;
  try {
    sources = new RecordingSources(loadRecordingSources(env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new InvalidInputError(
      'Invalid environment',
      error.problems.map((p) => ({ field: p.variable, message: p.problem })),
    );
  }
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(source);
  const absolute = isUrl ? source : path.resolve(callerDirectory(env), source);
  try {
    await sources.check(absolute);
  } catch (error) {
    if (error instanceof NonRetryableStoreError) {
      throw new InvalidInputError('Invalid meeting report', [{ field: 'recording', message: error.message }]);
    }
    throw error;
  }
  return absolute;
}

class CliExit extends Error {
  constructor(
    readonly code: number,
    /** Printed on standard error; none when the command already said what went wrong. */
    readonly explanation?: string,
  ) {
    super(explanation ?? `exit ${code}`);
  }
}

export async function defaultConnect(options: { address: string; namespace: string }) {
  // The worker's key: whatever the CLI sends is encrypted, and what it reads back is decrypted (codec/payload-codec.ts).
  const codec = payloadCodecFrom(process.env);
  const connection = await Connection.connect({ address: options.address });
  return {
    client: new Client({ connection, namespace: options.namespace, dataConverter: encryptingDataConverter(codec) }),
    close: () => connection.close(),
  };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(`Invalid ${what}`, [
      { field: what, message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` },
    ]);
  }
}

function stageArgument(text: string): GateRequest['stage'] {
  const stage = parseLifecycleStage(text);
  if (!stage || !isGatedStage(stage)) {
    throw new InvalidInputError('Invalid gate', [{ field: 'stage', message: `'${text}' is not a stage with a gate` }]);
  }
  return stage;
}

export async function runCli(argv: string[], cli: CliEnvironment): Promise<number> {
  const { io } = cli;
  const print = (text: string) => io.stdout(`${text}\n`);
  const fromCaller = (file: string) => path.resolve(callerDirectory(cli.env), file);
  /** The worker may run elsewhere: a relative path means "relative to where I typed the command". */

  /**
   * Runs `body` against the server. Unless `patient` (a long import), it has CLI_TIMEOUT_SECONDS to answer: a gate or
   * a meeting report waits for a worker, and with none running the person is told so instead of waiting for ever.
   */
  async function withClient<T>(
    options: GlobalOptions,
    body: (client: Client) => Promise<T>,
    { patient = false }: { patient?: boolean } = {},
  ): Promise<T> {
    let connection: Awaited<ReturnType<CliEnvironment['connect']>>;
    try {
      connection = await cli.connect({ address: options.address, namespace: options.namespace });
    } catch (error) {
      throw unreachable(options.address, error);
    }
    const { client } = connection;
    try {
      if (patient) return await body(client);
      return await client.withDeadline(Date.now() + answerTimeoutMs, () => body(client));
    } catch (error) {
      if (isDeadline(error)) throw noAnswer(answerTimeoutMs);
      throw error;
    } finally {
      await connection.close();
    }
  }

  const program = new Command('lifecycle')
    .description('Leads and clients on the customer-lifecycle engine')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .showHelpAfterError()
    .option('--address <host:port>', 'Temporal frontend', cli.env.TEMPORAL_ADDRESS ?? 'localhost:7233')
    .option('--namespace <name>', 'Temporal namespace', cli.env.TEMPORAL_NAMESPACE ?? 'default')
    .option('--task-queue <name>', 'task queue of the worker', cli.env.TEMPORAL_TASK_QUEUE ?? 'customer-lifecycle')
    .option('--json', 'machine-readable output');
  type GlobalOptions = { address: string; namespace: string; taskQueue: string; json?: boolean };
  const globals = () => program.opts<GlobalOptions>();
  const answerTimeoutMs = secondsFrom(cli.env.CLI_TIMEOUT_SECONDS, DEFAULT_ANSWER_TIMEOUT_SECONDS) * 1000;
  // The same FOLLOW_UP_DAYS the worker is configured with becomes each new lead's default.
  const startOptions = () => {
    const followUpDays = followUpDaysFrom(cli.env.FOLLOW_UP_DAYS);
    return { taskQueue: globals().taskQueue, ...(followUpDays ? { followUpDays } : {}) };
  };

  const reportStarted = (started: StartedLead, names: Record<string, string> = {}) =>
    started.existing
      ? `${started.workflowId}: already running (run ${started.runId}); nothing new started${describeIgnored(started.ignored, names)}`
      : `${started.workflowId}: started for ${started.lead.name} (${started.lead.organisation}), now in Prospect Qualification`;

  program
    .command('start')
    .description('start the lifecycle for one lead, from flags or a JSON file')
    .option('--name <name>', "the contact's name")
    .option('--organisation <organisation>', 'the organisation')
    .option('--email <email>', 'contact email (identifies the lead)')
    .option('--label <label>', 'mailing-list label, as in help+<label>@')
    .addOption(new Option('--source <source>', 'where the lead came from').choices(LEAD_SOURCES))
    .option('--government', 'the organisation is a government body')
    .option('--notes <notes>', 'free text')
    .option('--owner <email>', 'business developer following the lead up')
    .option('--file <lead.json>', 'read the lead from a JSON file instead of flags')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const input = options.file
        ? parseJson(await readFile(fromCaller(String(options.file)), 'utf8'), 'lead file')
        : {
            name: options.name,
            organisation: options.organisation,
            email: options.email,
            mailingListLabel: options.label,
            source: options.source,
            ...(options.government ? { government: true } : {}),
            ...(options.notes ? { notes: options.notes } : {}),
            ...(options.owner ? { owner: options.owner } : {}),
          };
      const names = options.file ? {} : START_OPTIONS;
      // Checked before connecting: a mistyped option is reported even when no server is running.
      try {
        parseLead(input);
      } catch (error) {
        throw renameFields(error, names);
      }
      const started = await withClient(globals(), (client) =>
        startLead(client, input, startOptions()).catch((error: unknown) => {
          throw renameFields(error, names);
        }),
      );
      print(globals().json ? JSON.stringify(started) : reportStarted(started, names));
    });

  program
    .command('project')
    .description('start a new project for an existing client: no re-qualification, it starts at Blueprint')
    .argument('<client>', 'email or workflow id of an engagement in Development, Billing or Won')
    .requiredOption('--title <title>', 'the project, e.g. "Mobile app"')
    .requiredOption('--agreed-by <email>', "who recorded the client's agreement to pay for the discovery")
    .addOption(
      new Option('--discovery-by <who>', 'who runs the discovery')
        .choices(['client-owner', 'discovery-duty'])
        .default('client-owner'),
    )
    .action(async (clientLead: string, options: { title: string; agreedBy: string; discoveryBy: string }) => {
      const started = await withClient(globals(), (client) =>
        startProject(
          client,
          {
            client: clientLead,
            title: options.title,
            discoveryBy: options.discoveryBy as NewProjectRequest['discoveryBy'],
            agreedBy: options.agreedBy,
          },
          startOptions(),
        ),
      );
      print(globals().json ? JSON.stringify(started) : reportStarted(started));
    });

  program
    .command('import')
    .description('start many leads from a JSON array or a CSV file (header: name,organisation,email,label,source,...)')
    .argument('<file>', '.json or .csv')
    .action(async (file: string) => {
      const { rows, fieldNames } = await readLeadFile(fromCaller(file));
      let failed = 0;
      const results = await withClient(
        globals(),
        async (client) => {
          const outcomes = [];
          // With --json the rows are printed at the end: say how far a long import has got, on standard error.
          const everyMs = Number(cli.env.IMPORT_PROGRESS_MS ?? 5_000);
          const began = Date.now();
          let reportedAt = began;
          for (const [index, row] of rows.entries()) {
            const position = `[${index + 1}/${rows.length}]`;
            try {
              if (row.error) throw row.error;
              const started = await startLead(client, row.lead, startOptions()).catch((error: unknown) => {
                throw renameFields(error, fieldNames);
              });
              outcomes.push({ row: index + 1, ...started });
              if (!globals().json) print(`${position} ${reportStarted(started, fieldNames)}`);
            } catch (error) {
              if (!(error instanceof InvalidInputError)) throw error;
              failed += 1;
              outcomes.push({ row: index + 1, error: error.message, issues: error.issues });
              if (!globals().json) print(`${position} rejected: ${error.message}`);
            }
            if (globals().json && Date.now() - reportedAt >= everyMs) {
              reportedAt = Date.now();
              io.stderr(
                `import: ${index + 1} of ${rows.length} rows, ${failed} rejected, ${Math.round((reportedAt - began) / 1000)} s\n`,
              );
            }
          }
          return outcomes;
        },
        { patient: true },
      );
      if (globals().json) print(JSON.stringify(results));
      else print(`${rows.length - failed} of ${rows.length} leads imported, ${failed} rejected`);
      if (failed > 0) throw new CliExit(EXIT_CODES.invalid);
    });

  program
    .command('gate')
    .description('complete the stage gate out of <stage> for <lead>, with the evidence the handbook asks for')
    .argument('<lead>', 'lead email or workflow id')
    .argument('<stage>', 'the stage being completed, e.g. prospect-qualification')
    .requiredOption('--by <who>', 'who completed the gate')
    .option('--evidence <json>', 'the evidence as JSON', '{}')
    .option('--evidence-file <file>', 'read the evidence from a JSON file')
    .option('--signal', 'fire and forget: send a signal instead of waiting for the update result')
    .addHelpText('after', evidenceHelp)
    .action(
      async (
        lead: string,
        stageText: string,
        options: { by: string; evidence: string; evidenceFile?: string; signal?: boolean },
      ) => {
        const evidenceText = options.evidenceFile
          ? await readFile(fromCaller(options.evidenceFile), 'utf8')
          : options.evidence;
        const request = {
          stage: stageArgument(stageText),
          by: options.by,
          evidence: parseJson(evidenceText, 'evidence'),
        } as GateRequest;
        await withClient(globals(), async (client) => {
          if (options.signal) {
            await leadHandle(client, lead).signal(gateSignal, request);
            print(
              globals().json
                ? JSON.stringify({ signalled: true })
                : 'Signal sent; `status` shows whether it was accepted.',
            );
            return;
          }
          const state = await completeGate(client, lead, request);
          print(globals().json ? JSON.stringify(state) : formatGateOutcome(lead, state));
        });
      },
    );

  /**
   * The workflow refuses to end a lead while invoices wait; it is asked first so the refusal can say what to do:
   * an invoice held for changes still waits, until it is corrected and approved.
   */
  const endLead = async (
    lead: string,
    outcome: 'lost' | 'declined' | 'won',
    options: { reason: string; by: string },
  ) => {
    const state = await withClient(globals(), async (client) => {
      // Best effort: a lead that has ended, or no worker to answer, is left to the update to report.
      const pending = await client
        .withDeadline(Date.now() + 5_000, () => getLeadState(client, lead))
        .then(
          (state) => state.billing.pending,
          () => [],
        );
      if (pending.length > 0) {
        const waiting = pending.map((invoice) =>
          invoice.status === 'changes-requested'
            ? `${invoice.invoiceId} is held for changes${invoice.note ? ` (${invoice.note})` : ''}`
            : `${invoice.invoiceId} is awaiting review`,
        );
        throw new CliExit(
          EXIT_CODES.invalid,
          `${lead} cannot end while invoices wait: ${waiting.join('; ')}. Holding an invoice does not settle it: ` +
            `approve each one (once corrected) with \`invoice ${lead} <invoice> --by <you> --approve\`, then end the lead.`,
        );
      }
      return closeLead(client, lead, { outcome, reason: options.reason, by: options.by });
    });
    print(globals().json ? JSON.stringify(state) : `${lead}: ${STAGE_LABELS[state.stage]} (${options.reason})`);
  };

  program
    .command('end')
    .description('end a lead: won (a client engagement ends), lost (they walked away) or declined (we did)')
    .argument('<lead>', 'lead email or workflow id')
    .addOption(
      new Option('--outcome <outcome>', 'how the lead ends').choices(['won', 'lost', 'declined']).makeOptionMandatory(),
    )
    .requiredOption('--reason <reason>', 'why')
    .requiredOption('--by <who>', 'who decided')
    .action((lead: string, options: { reason: string; by: string; outcome: 'lost' | 'declined' | 'won' }) =>
      endLead(lead, options.outcome, options),
    );

  program
    .command('lose')
    .description(
      'mark a lead lost (they walked away) or declined (we did), with the reason; a client that ends well: `end --outcome won`',
    )
    .argument('<lead>', 'lead email or workflow id')
    .requiredOption('--reason <reason>', 'why')
    .requiredOption('--by <who>', 'who decided')
    .addOption(
      new Option('--outcome <outcome>', 'how the lead ends').choices(['lost', 'declined', 'won']).default('lost'),
    )
    .action(async (lead: string, options: { reason: string; by: string; outcome: 'lost' | 'declined' | 'won' }) => {
      if (options.outcome === 'won') {
        throw new CliExit(
          EXIT_CODES.invalid,
          `a lead that is won is not lost: use \`end ${lead} --outcome won --reason ... --by ...\` (nothing was changed)`,
        );
      }
      await endLead(lead, options.outcome, options);
    });

  program
    .command('follow-up')
    .description('set a follow-up on a lead; its owner is reminded when it falls due')
    .argument('<lead>', 'lead email or workflow id')
    .requiredOption('--reason <reason>', 'what to follow up on')
    .option('--in-days <days>', 'due this many days from now', days)
    .option('--due <iso>', 'due at this ISO date-time')
    .option('--owner <email>', 'who is reminded (default: the client owner or the lead owner)')
    .action(async (lead: string, options: { reason: string; inDays?: number; due?: string; owner?: string }) => {
      const followUp = await withClient(globals(), (client) =>
        scheduleFollowUp(client, lead, {
          reason: options.reason,
          ...(options.inDays !== undefined ? { inDays: options.inDays } : {}),
          ...(options.due ? { dueAt: options.due } : {}),
          ...(options.owner ? { owner: options.owner } : {}),
        }),
      );
      print(globals().json ? JSON.stringify(followUp) : `${followUp.id} due ${followUp.dueAt} (${followUp.owner})`);
    });

  program
    .command('maintenance')
    .description("change a client's maintenance: a new tier when its infrastructure changed, or hourly when too large")
    .argument('<lead>', 'lead email or workflow id')
    .requiredOption('--by <email>', 'who decided the change')
    .option('--users <n>', 'active users now', Number)
    .option('--instances <n>', 'instances now', Number)
    .addOption(new Option('--deployment <where>', 'where the instances run').choices(['shared', 'dedicated', 'aws']))
    .addOption(new Option('--tier <n>', 'the tier the team chose, whatever the factors say').choices(['1', '2']))
    .option('--hourly', 'too large or complex for a contract: bill maintenance hourly from the work logs')
    .option('--reason <text>', 'why, with --hourly')
    .action(
      async (
        lead: string,
        options: {
          by: string;
          users?: number;
          instances?: number;
          deployment?: 'shared' | 'dedicated' | 'aws';
          tier?: string;
          hourly?: boolean;
          reason?: string;
        },
      ) => {
        const request: MaintenanceChangeRequest = options.hourly
          ? { change: 'hourly', by: options.by, reason: options.reason ?? '' }
          : {
              change: 'tier',
              by: options.by,
              maintenance: {
                ...(options.users !== undefined ? { users: options.users } : {}),
                ...(options.instances !== undefined ? { instances: options.instances } : {}),
                ...(options.deployment ? { deployment: options.deployment } : {}),
                ...(options.tier ? { override: Number(options.tier) as 1 | 2 } : {}),
              },
            };
        const state = await withClient(globals(), (client) => changeMaintenance(client, lead, request));
        print(globals().json ? JSON.stringify(state.deal) : (state.notes.at(-1)?.text ?? ''));
      },
    );

  program
    .command('follow-up-done')
    .description('close a follow-up once you have followed up; its reminders stop')
    .argument('<lead>', 'lead email or workflow id')
    .argument('<id>', 'the follow-up, e.g. follow-up-2 (see `status`)')
    .requiredOption('--by <email>', 'who followed up')
    .action(async (lead: string, id: string, options: { by: string }) => {
      const followUp = await withClient(globals(), (client) => completeFollowUp(client, lead, { id, by: options.by }));
      print(globals().json ? JSON.stringify(followUp) : `${followUp.id} done: ${followUp.reason}`);
    });

  program
    .command('meeting-done')
    .description('report a meeting held: emails the summary, moves the recording to Drive, sets the follow-up')
    .argument('<lead>', 'lead email or workflow id')
    .requiredOption('--title <title>', 'what the meeting was')
    .requiredOption('--by <email>', 'who held it (signs the summary email)')
    .option('--sender-name <name>', 'the name under the summary email')
    .option('--discussed <point>', 'what was discussed (repeat for each point)', collect, [])
    .option('--next-step <step>', 'a next step (repeat for each; at least one)', collect, [])
    .option(
      '--recording <path-or-url>',
      'the meeting recording: a file in RECORDING_SOURCE_DIR, or an http(s) URL on a host in RECORDING_SOURCE_HOSTS',
    )
    .option('--epic-owner <email>', 'copy the epic owner too')
    .option('--held-at <iso>', 'when it was held (default: now)')
    .option('--follow-up-days <days>', 'follow up after this many days (default: a week)', days)
    .action(async (lead: string, options: MeetingOptions) => {
      const recording = options.recording ? await checkedRecording(options.recording, cli.env) : undefined;
      const meeting = await withClient(globals(), (client) =>
        reportMeeting(client, lead, {
          title: options.title,
          by: options.by,
          discussed: options.discussed,
          nextSteps: options.nextStep,
          ...(options.senderName ? { senderName: options.senderName } : {}),
          ...(recording ? { recording } : {}),
          ...(options.epicOwner ? { epicOwner: options.epicOwner } : {}),
          ...(options.heldAt ? { heldAt: options.heldAt } : {}),
          ...(options.followUpDays !== undefined ? { followUpInDays: options.followUpDays } : {}),
        }),
      );
      print(
        globals().json
          ? JSON.stringify(meeting)
          : `${meeting.id} recorded; summary email${meeting.recording ? ' and recording' : ''} on the way; ${meeting.followUpId} set`,
      );
    });

  const meeting = program
    .command('meeting')
    .description('meetings booked ahead: the 48-hour check and no-show handling');
  meeting
    .command('schedule')
    .description(
      'book a meeting: 48 h ahead the owner gets the checks (acceptance, link, agenda), and a nudge to join 3 minutes early',
    )
    .argument('<lead>', 'lead email or workflow id')
    .requiredOption('--title <title>', 'what the meeting is')
    .requiredOption('--starts-at <iso>', 'start, as an ISO date-time with offset')
    .option('--slot <iso>', 'a reschedule slot to offer on a no-show (repeat: 2 or 3)', collect, [])
    .option('--link <url>', 'the meeting link')
    .option('--agenda <url>', 'where the agenda documents are')
    .option('--owner <email>', 'who attends for us (default: the client owner or the lead owner)')
    .option('--owner-name <name>', 'signs the no-show message')
    .action(
      async (
        lead: string,
        options: {
          title: string;
          startsAt: string;
          slot: string[];
          link?: string;
          agenda?: string;
          owner?: string;
          ownerName?: string;
        },
      ) => {
        const call = await withClient(globals(), (client) =>
          scheduleCall(client, lead, {
            title: options.title,
            startsAt: options.startsAt,
            rescheduleSlots: options.slot,
            ...(options.link ? { meetingLink: options.link } : {}),
            ...(options.agenda ? { agendaUrl: options.agenda } : {}),
            ...(options.owner ? { ownerEmail: options.owner } : {}),
            ...(options.ownerName ? { ownerName: options.ownerName } : {}),
          }),
        );
        print(
          globals().json ? JSON.stringify(call) : `${call.id} booked for ${call.startsAt} (${call.childWorkflowId})`,
        );
      },
    );
  const callUpdate = (
    name: string,
    description: string,
    send: (handle: Awaited<ReturnType<typeof callHandle>>, extra: string[]) => Promise<MeetingState>,
  ) =>
    meeting
      .command(name)
      .description(description)
      .argument('<lead>', 'lead email or workflow id')
      .argument('<call>', 'the booked meeting, e.g. call-1')
      .argument('[value...]')
      .action(async (lead: string, callId: string, extra: string[]) => {
        const state = await withClient(globals(), async (client) =>
          send(await callHandle(client, lead, callId), extra),
        );
        print(
          globals().json
            ? JSON.stringify(state)
            : `${callId}: ${state.status}${state.outcome ? ` (${state.outcome.outcome})` : ''}`,
        );
      });
  callUpdate('accepted', 'the client accepted the invite', (handle) => handle.executeUpdate(inviteAcceptedUpdate));
  callUpdate('joined', 'the client joined the call', (handle) => handle.executeUpdate(clientJoinedUpdate));
  callUpdate('pick', 'the client picked a reschedule slot: <lead> <call> <slot>', (handle, [slot]) =>
    handle.executeUpdate(pickRescheduleSlotUpdate, { args: [{ slot: slot ?? '' }] }),
  );
  callUpdate('cancel', 'cancel the meeting: <lead> <call> <reason...>', (handle, words) =>
    handle.executeUpdate(cancelMeetingUpdate, { args: [{ reason: words.join(' ') }] }),
  );

  program
    .command('invoice')
    .description('review a drafted invoice: approve sends it to the client, otherwise it waits with your note')
    .argument('<lead>', 'lead email or workflow id')
    .argument('<invoice>', 'invoice id, e.g. INV-acme-2026-11')
    .requiredOption('--by <email>', 'the reviewer')
    .option('--approve', 'send it')
    .option('--changes <note>', 'hold it: what needs changing')
    .action(async (lead: string, invoiceId: string, options: { by: string; approve?: boolean; changes?: string }) => {
      // Exactly one decision: with neither, nothing may happen (it used to request changes silently).
      if ((options.approve === true) === (options.changes !== undefined)) {
        throw new InvalidInputError('Invalid review', [
          {
            field: 'approve',
            message:
              options.approve === true
                ? 'give either --approve or --changes, not both'
                : 'give --approve to send the invoice, or --changes <note> to hold it',
          },
        ]);
      }
      const state = await withClient(globals(), (client) =>
        reviewInvoice(client, lead, {
          invoiceId,
          approved: options.approve === true,
          by: options.by,
          ...(options.changes ? { note: options.changes } : {}),
        }),
      );
      print(
        globals().json
          ? JSON.stringify(state.billing)
          : `${invoiceId}: ${options.approve ? 'sent' : 'held for changes'}; ${lead} is in ${STAGE_LABELS[state.stage]}`,
      );
    });

  const schedules = program.command('schedules').description('the quarterly client strategy schedules');
  schedules
    .command('list')
    .description('every client strategy schedule, with its next reviews')
    .action(async () => {
      const list = await withClient(globals(), (client) => listStrategySchedules(client));
      print(globals().json ? JSON.stringify(list) : formatScheduleList(list));
    });
  schedules
    .command('describe')
    .argument('<schedule>', 'schedule id, e.g. strategy-lead-ana@acme.example')
    .action(async (scheduleId: string) => {
      const details = await withClient(globals(), (client) => describeStrategySchedule(client, scheduleId));
      if (!details) throw new CliExit(EXIT_CODES.notFound, `no such schedule: ${scheduleId}`);
      print(globals().json ? JSON.stringify(details) : formatSchedule(details));
    });

  program
    .command('status')
    .description("a lead's stage, score, stage history and open follow-ups")
    .argument('<lead>', 'lead email or workflow id')
    .action(async (lead: string) => {
      const handle = await withClient(globals(), async (client) => ({
        workflowId: leadHandle(client, lead).workflowId,
        state: await getLeadState(client, lead),
        pending: globals().json ? [] : await pendingWork(client, lead),
      }));
      print(
        globals().json
          ? JSON.stringify(handle.state)
          : formatStatus(handle.workflowId, handle.state) + formatPendingWork(handle.pending),
      );
    });

  program
    .command('list')
    .description('leads by stage, priority, source, client owner or idleness (the same filters as the Web UI)')
    .option('--stage <stage>', 'e.g. assess-needs or "Assess Needs"')
    .option('--priority <priority>', 'High, Medium or Low')
    .addOption(new Option('--source <source>', 'where the lead came from').choices(LEAD_SOURCES))
    .option('--idle', 'only leads nobody has moved within their stage limit (LeadIdle)')
    .option('--owner <email>', 'client owner')
    .action(async (filter: { stage?: string; priority?: string; owner?: string; source?: string; idle?: boolean }) => {
      const leads = await withClient(globals(), (client) => listLeads(client, filter));
      print(globals().json ? JSON.stringify(leads) : formatLeadList(leads));
    });

  program
    .command('funnel')
    .description(
      'the pipeline: leads per stage, conversion, time in stage, outcomes, overdue and idle (as GET /pipeline)',
    )
    .option('--days <days>', 'leads started in the last N days (default 90)')
    .option('--from <date>', 'leads started from this date, YYYY-MM-DD')
    .option('--to <date>', 'up to this date, YYYY-MM-DD, inclusive')
    .action(async (options: { days?: string; from?: string; to?: string }) => {
      const now = new Date();
      const period = parsePeriod(options, now);
      const report = await withClient(globals(), (client) => pipelineReport(client, { period, now }));
      print(globals().json ? JSON.stringify(report) : formatPipeline(report));
    });

  program
    .command('score')
    .description('score a lead with the Lead Prioritization Rubric: JSON scores in, JSON result out (no server needed)')
    .argument('[file]', 'JSON file with the seven factor scores; standard input when omitted')
    .option('--table', 'print a readable table instead of JSON')
    .action(async (file: string | undefined, options: { table?: boolean }) => {
      const text = file ? await readFile(fromCaller(file), 'utf8') : await io.readStdin();
      const rubric = scoreLead(parseJson(text, 'rubric scores'));
      print(options.table ? formatRubric(rubric) : JSON.stringify(rubric, null, 2));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, io, globals().json === true);
  }
}

function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof CliExit) {
    if (error.explanation)
      io.stderr(json ? `${JSON.stringify({ error: error.explanation })}\n` : `error: ${error.explanation}\n`);
    return error.code;
  }
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.invalid;
  }
  const [code, message] = classify(error);
  io.stderr(json ? `${JSON.stringify({ error: message })}\n` : `error: ${message}\n`);
  return code;
}

function classify(error: unknown): [number, string] {
  if (error instanceof InvalidInputError) return [EXIT_CODES.invalid, error.message];
  if (error instanceof WorkflowUpdateFailedError) {
    // A rejected update carries the validator's message; a failed one carries the activity's failure one level down.
    const failed = error.cause instanceof ActivityFailure;
    const cause = failed ? error.cause.cause : error.cause;
    return [failed ? EXIT_CODES.failure : EXIT_CODES.invalid, cause?.message ?? error.message];
  }
  if (error instanceof WorkflowNotFoundError) {
    return [
      EXIT_CODES.notFound,
      `no running workflow for ${error.workflowId}: no such lead, or it has ended (status still shows an ended lead)`,
    ];
  }
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [EXIT_CODES.invalid, error.message];
  return [EXIT_CODES.failure, error instanceof Error ? error.message : String(error)];
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
