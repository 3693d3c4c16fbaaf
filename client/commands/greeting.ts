/** A new lead's first contact (002): its owner approves the drafted greeting, or skips it. */
import { Command } from 'commander';
import { InvalidInputError } from '../../rules/validation';
import { describeGreeting } from '../../workflows/greeting';
import { decideGreeting } from '../lifecycle';
import type { CommandContext } from './context';

export function registerGreetingCommands(program: Command, ctx: CommandContext): void {
  program
    .command('greeting')
    .description(
      "a new lead's first contact (the hosting/support quote, or the P&T plan for a Low lead): the owner approves it",
    )
    .argument('<lead>', 'lead email or workflow id')
    .requiredOption('--by <email>', "the lead's owner")
    .option('--approve', 'send it to the lead')
    .option('--skip', 'do not send it (say why with --note)')
    .option('--note <text>', 'a personal line added to the greeting, or why it is skipped')
    .action(async (lead: string, options: { by: string; approve?: boolean; skip?: boolean; note?: string }) => {
      if ((options.approve === true) === (options.skip === true)) {
        throw new InvalidInputError('Invalid greeting decision', [
          { field: 'approve', message: 'give either --approve (send it) or --skip (do not send it)' },
        ]);
      }
      const state = await ctx.withClient((client) =>
        decideGreeting(client, lead, {
          decision: options.approve ? 'approve' : 'skip',
          by: options.by,
          ...(options.note ? { note: options.note } : {}),
        }),
      );
      ctx.out.result(state.greeting, () =>
        state.greeting ? `${lead}: ${describeGreeting(state.greeting)}` : `${lead}: no greeting`,
      );
    });
}
