/** The quarterly client strategy schedules: list them, or describe one. */
import { Command } from 'commander';
import { formatSchedule, formatScheduleList } from '../format';
import { describeStrategySchedule, listStrategySchedules } from '../schedules';
import type { CommandContext } from './context';
import { CliExit, EXIT_CODES } from './output';

export function registerScheduleCommands(program: Command, ctx: CommandContext): void {
  const { out } = ctx;
  const schedules = program.command('schedules').description('the quarterly client strategy schedules');
  schedules
    .command('list')
    .description('every client strategy schedule, with its next reviews')
    .action(async () => {
      const list = await ctx.withClient((client) => listStrategySchedules(client));
      out.result(list, () => formatScheduleList(list));
    });
  schedules
    .command('describe')
    .argument('<schedule>', 'schedule id, e.g. strategy-lead-ana@acme.example')
    .action(async (scheduleId: string) => {
      const details = await ctx.withClient((client) => describeStrategySchedule(client, scheduleId));
      if (!details) throw new CliExit(EXIT_CODES.notFound, `no such schedule: ${scheduleId}`);
      out.result(details, () => formatSchedule(details));
    });
}
