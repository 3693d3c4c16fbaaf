/** Leads: start one, a project for an existing client, many from a file; end one. */
import { Command, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { LEAD_SOURCES } from '../../rules/lead-source';
import { InvalidInputError } from '../../rules/validation';
import { parseNewLead } from '../../workflows/lead';
import { STAGE_LABELS } from '../../workflows/stages';
import { readLeadFile } from '../lead-file';
import {
  closeLead,
  getLeadState,
  startLead,
  startProject,
  type IgnoredDetail,
  type NewProjectRequest,
  type StartedLead,
} from '../lifecycle';
import type { CommandContext } from './context';
import { parseJson, renameFields } from './input';
import { CliExit, EXIT_CODES } from './output';

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

type Outcome = 'lost' | 'declined' | 'won';

export function registerLeadCommands(program: Command, ctx: CommandContext): void {
  const { out } = ctx;

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
        ? parseJson(await readFile(ctx.fromCaller(String(options.file)), 'utf8'), 'lead file')
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
        parseNewLead(input);
      } catch (error) {
        throw renameFields(error, names);
      }
      const started = await ctx.withClient((client) =>
        startLead(client, input, ctx.startOptions()).catch((error: unknown) => {
          throw renameFields(error, names);
        }),
      );
      out.result(started, () => reportStarted(started, names));
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
      const request: NewProjectRequest = {
        client: clientLead,
        title: options.title,
        discoveryBy: options.discoveryBy as NewProjectRequest['discoveryBy'],
        agreedBy: options.agreedBy,
      };
      const started = await ctx.withClient((client) => startProject(client, request, ctx.startOptions()));
      out.result(started, () => reportStarted(started));
    });

  program
    .command('import')
    .description('start many leads from a JSON array or a CSV file (header: name,organisation,email,label,source,...)')
    .argument('<file>', '.json or .csv')
    .action(async (file: string) => {
      const { rows, fieldNames } = await readLeadFile(ctx.fromCaller(file));
      if (rows.length === 0) {
        // "0 of 0 imported" reads like success: a file with no leads is a mistake worth saying so.
        throw new InvalidInputError('Invalid lead file', [
          { field: 'file', message: `${file} holds no leads: a CSV needs a header row and a row per lead` },
        ]);
      }
      let failed = 0;
      const results = await ctx.withClient(
        async (client) => {
          const outcomes = [];
          // With --json the rows are printed at the end: say how far a long import has got, on standard error.
          const everyMs = Number(ctx.env.IMPORT_PROGRESS_MS ?? 5_000);
          const began = Date.now();
          let reportedAt = began;
          for (const [index, row] of rows.entries()) {
            const position = `[${index + 1}/${rows.length}]`;
            try {
              if (row.error) throw row.error;
              const started = await startLead(client, row.lead, ctx.startOptions()).catch((error: unknown) => {
                throw renameFields(error, fieldNames);
              });
              outcomes.push({ row: index + 1, ...started });
              if (!out.json) out.print(`${position} ${reportStarted(started, fieldNames)}`);
            } catch (error) {
              if (!(error instanceof InvalidInputError)) throw error;
              failed += 1;
              outcomes.push({ row: index + 1, error: error.message, issues: error.issues });
              if (!out.json) out.print(`${position} rejected: ${error.message}`);
            }
            if (out.json && Date.now() - reportedAt >= everyMs) {
              reportedAt = Date.now();
              const seconds = Math.round((reportedAt - began) / 1000);
              out.note(`import: ${index + 1} of ${rows.length} rows, ${failed} rejected, ${seconds} s`);
            }
          }
          return outcomes;
        },
        { patient: true },
      );
      out.result(results, () => `${rows.length - failed} of ${rows.length} leads imported, ${failed} rejected`);
      if (failed > 0) throw new CliExit(EXIT_CODES.invalid);
    });

  /**
   * The workflow refuses to end a lead while invoices wait; it is asked first so the refusal can say what to do:
   * an invoice held for changes still waits, until it is corrected and approved.
   */
  const endLead = async (lead: string, outcome: Outcome, options: { reason: string; by: string }) => {
    const state = await ctx.withClient(async (client) => {
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
    out.result(state, () => `${lead}: ${STAGE_LABELS[state.stage]} (${options.reason})`);
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
    .action((lead: string, options: { reason: string; by: string; outcome: Outcome }) =>
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
    .action(async (lead: string, options: { reason: string; by: string; outcome: Outcome }) => {
      if (options.outcome === 'won') {
        throw new CliExit(
          EXIT_CODES.invalid,
          `a lead that is won is not lost: use \`end ${lead} --outcome won --reason ... --by ...\` (nothing was changed)`,
        );
      }
      await endLead(lead, options.outcome, options);
    });
}

function reportStarted(started: StartedLead, names: Record<string, string> = {}): string {
  return started.existing
    ? `${started.workflowId}: already running (run ${started.runId}); nothing new started${describeIgnored(started.ignored, names)}`
    : `${started.workflowId}: started for ${started.lead.name} (${started.lead.organisation}), now in Prospect Qualification`;
}

function describeIgnored(ignored: IgnoredDetail[] | undefined, names: Record<string, string> = {}): string {
  if (!ignored?.length) return '';
  const details = ignored.map(
    (detail) =>
      `${names[detail.field] ?? detail.field} ${JSON.stringify(detail.given)} (the lead has ${JSON.stringify(detail.running)})`,
  );
  return `\n  ignored, as the lead is already running: ${details.join('; ')}`;
}
