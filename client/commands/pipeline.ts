/** The pipeline report, as the intake's GET /pipeline shows it. */
import { Command } from 'commander';
import { formatPipeline, parsePeriod, pipelineReport } from '../pipeline';
import type { CommandContext } from './context';

export function registerPipelineCommands(program: Command, ctx: CommandContext): void {
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
      const report = await ctx.withClient((client) => pipelineReport(client, { period, now }));
      ctx.out.result(report, () => formatPipeline(report));
    });
}
