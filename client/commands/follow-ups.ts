/** Follow-ups: set one on a lead, and close it once done, which stops its reminders. */
import { Command } from 'commander';
import { completeFollowUp, scheduleFollowUp } from '../lifecycle';
import type { CommandContext } from './context';
import { days } from './input';

export function registerFollowUpCommands(program: Command, ctx: CommandContext): void {
  const { out } = ctx;

  program
    .command('follow-up')
    .description('set a follow-up on a lead; its owner is reminded when it falls due')
    .argument('<lead>', 'lead email or workflow id')
    .requiredOption('--reason <reason>', 'what to follow up on')
    .option('--in-days <days>', 'due this many days from now', days)
    .option('--due <iso>', 'due at this ISO date-time')
    .option('--owner <email>', 'who is reminded (default: the client owner or the lead owner)')
    .action(async (lead: string, options: { reason: string; inDays?: number; due?: string; owner?: string }) => {
      const followUp = await ctx.withClient((client) =>
        scheduleFollowUp(client, lead, {
          reason: options.reason,
          ...(options.inDays !== undefined ? { inDays: options.inDays } : {}),
          ...(options.due ? { dueAt: options.due } : {}),
          ...(options.owner ? { owner: options.owner } : {}),
        }),
      );
      out.result(followUp, () => `${followUp.id} due ${followUp.dueAt} (${followUp.owner})`);
    });

  program
    .command('follow-up-done')
    .description('close a follow-up once you have followed up; its reminders stop')
    .argument('<lead>', 'lead email or workflow id')
    .argument('<id>', 'the follow-up, e.g. follow-up-2 (see `status`)')
    .requiredOption('--by <email>', 'who followed up')
    .action(async (lead: string, id: string, options: { by: string }) => {
      const followUp = await ctx.withClient((client) => completeFollowUp(client, lead, { id, by: options.by }));
      out.result(followUp, () => `${followUp.id} done: ${followUp.reason}`);
    });
}
