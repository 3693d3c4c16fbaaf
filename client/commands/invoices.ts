/** Invoices and what they bill: review a drafted invoice; change a client's maintenance. */
import { Command, Option } from 'commander';
import { InvalidInputError } from '../../rules/validation';
import type { MaintenanceChangeRequest } from '../../workflows/maintenance-changes';
import { STAGE_LABELS } from '../../workflows/stages';
import { changeMaintenance, reviewInvoice } from '../lifecycle';
import type { CommandContext } from './context';

interface MaintenanceOptions {
  by: string;
  users?: number;
  instances?: number;
  deployment?: 'shared' | 'dedicated' | 'aws';
  tier?: string;
  hourly?: boolean;
  reason?: string;
}

export function registerInvoiceCommands(program: Command, ctx: CommandContext): void {
  const { out } = ctx;

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
      const state = await ctx.withClient((client) =>
        reviewInvoice(client, lead, {
          invoiceId,
          approved: options.approve === true,
          by: options.by,
          ...(options.changes ? { note: options.changes } : {}),
        }),
      );
      const decision = options.approve ? 'sent' : 'held for changes';
      out.result(state.billing, () => `${invoiceId}: ${decision}; ${lead} is in ${STAGE_LABELS[state.stage]}`);
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
    .action(async (lead: string, options: MaintenanceOptions) => {
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
      const state = await ctx.withClient((client) => changeMaintenance(client, lead, request));
      out.result(state.deal, () => state.notes.at(-1)?.text ?? '');
    });
}
