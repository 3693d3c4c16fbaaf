/**
 * Looking leads up: one lead's state, or many by their attributes. Apart from client/commands/leads.ts so that `status`
 * loads none of the input schemas that starting a lead needs.
 */
import { Command, Option } from 'commander';
import { LEAD_SOURCES } from '../../rules/lead-source';
import { formatLeadList, formatPendingWork, formatStatus } from '../format';
import { getLeadState, leadHandle, pendingWork } from '../lead-handle';
import { listLeads } from '../lead-list';
import type { LeadFilter } from '../../workflows/lead-query';
import type { CommandContext } from './context';

export function registerLookupCommands(program: Command, ctx: CommandContext): void {
  const { out } = ctx;

  program
    .command('status')
    .description("a lead's stage, score, stage history and open follow-ups")
    .argument('<lead>', 'lead email or workflow id')
    .action(async (lead: string) => {
      // Asked together: the query is answered by a worker, the pending work by the server.
      const found = await ctx.withClient(async (client) => {
        const [state, pending] = await Promise.all([
          getLeadState(client, lead),
          out.json ? Promise.resolve([]) : pendingWork(client, lead),
        ]);
        return { workflowId: leadHandle(client, lead).workflowId, state, pending };
      });
      out.result(found.state, () => formatStatus(found.workflowId, found.state) + formatPendingWork(found.pending));
    });

  program
    .command('list')
    .description('leads by stage, priority, source, client owner or idleness (the same filters as the Web UI)')
    .option('--stage <stage>', 'e.g. assess-needs or "Assess Needs"')
    .option('--priority <priority>', 'High, Medium or Low')
    .addOption(new Option('--source <source>', 'where the lead came from').choices(LEAD_SOURCES))
    .option('--idle', 'only leads nobody has moved within their stage limit (LeadIdle)')
    .option('--overdue', 'only leads with a follow-up reminded and not yet settled (FollowUpOverdue)')
    .option('--owner <email>', 'client owner')
    .action(async (filter: LeadFilter) => {
      const leads = await ctx.withClient((client) => listLeads(client, filter));
      out.result(leads, () => formatLeadList(leads));
    });
}
