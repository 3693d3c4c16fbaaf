import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { SUPPORT_CHANNELS, SUPPORT_LEVELS, type SupportChannel, type SupportLevel } from '../../rules/support-sla';
import type { SupportRequestState } from '../../workflows/support-messages';
import { sendClientUpdate, type ClientUpdateRequest } from '../care';
import {
  actOnSupportRequest,
  listSupportRequests,
  openSupportRequest,
  supportRequestState,
  type SupportAction,
} from '../support';
import type { CommandContext } from './context';

function describeState(state: SupportRequestState): string {
  const lines = [
    `${state.clientLabel}/${state.requestId}: ${state.status}, ${state.level}, ${state.channel}` +
      `${state.slaBreached ? ', SLA missed' : ''}`,
    `  received ${state.receivedAt}; SLA ${state.slaHours} h${state.deadline ? `; first answer due ${state.deadline}` : ''}`,
    ...(state.onCall ? [`  on call: ${state.onCall}`] : []),
    ...(state.answeredAt ? [`  answered ${state.answeredAt}`] : []),
    ...(state.resolvedAt ? [`  resolved ${state.resolvedAt}`] : []),
    ...(state.status === 'waiting-on-client'
      ? ['  waiting on the client (+more info please): the SLA clock is stopped']
      : []),
    ...(state.issue ? [`  tracker issue ${state.issue.key}: ${state.issue.url}`] : []),
    ...(state.postmortem ? [`  postmortem ${state.postmortem.key}: ${state.postmortem.url}`] : []),
    ...state.events.map((event) => `  ${event.at}  ${event.what}${event.by ? ` (${event.by})` : ''}`),
  ];
  return lines.join('\n');
}

/** `support ...`: client support requests with SLAs (handbook 004). */
export function registerCareCommands(program: Command, ctx: CommandContext): void {
  const withClient = <T>(body: (client: Client) => Promise<T>) => ctx.withClient(body);
  const print = (text: string) => ctx.out.print(text);
  const json = () => ctx.out.json;
  const taskQueue = () => ctx.globals().taskQueue;
  const support = program
    .command('support')
    .description('client support requests: first-answer SLAs, on-call reminders and escalation (handbook 004)');

  support
    .command('open')
    .description("log a request: the level's on-call engineer is told, and the SLA clock starts")
    .requiredOption('--client <label>', "the client's mailing-list label, e.g. acme")
    .requiredOption('--client-name <name>', 'the client as people know it')
    .requiredOption('--id <id>', 'the request id, unique per client (the chat message or ticket id)')
    .requiredOption('--channel <channel>', SUPPORT_CHANNELS.join(', '))
    .requiredOption('--level <level>', `${SUPPORT_LEVELS.join(', ')} (004: help desk, technical, expert)`)
    .requiredOption('--text <text>', 'what the client wrote')
    .option('--incident', 'a production incident: resolving it creates the postmortem task')
    .option('--customer-request', 'a change they ask for: a tracker issue labelled "customer request"')
    .option('--by <email>', 'who logged it')
    .action(
      async (options: {
        client: string;
        clientName: string;
        id: string;
        channel: string;
        level: string;
        text: string;
        incident?: boolean;
        customerRequest?: boolean;
        by?: string;
      }) => {
        const opened = await withClient((client) =>
          openSupportRequest(
            client,
            {
              requestId: options.id,
              clientLabel: options.client,
              clientName: options.clientName,
              channel: options.channel as SupportChannel,
              level: options.level.toUpperCase() as SupportLevel,
              text: options.text,
              incident: options.incident === true,
              customerRequest: options.customerRequest === true,
              ...(options.by ? { reportedBy: options.by } : {}),
            },
            taskQueue(),
          ),
        );
        print(
          json()
            ? JSON.stringify(opened)
            : `${opened.workflowId}: ${opened.existing ? 'already open; nothing new started' : 'opened'}`,
        );
      },
    );

  const action = (name: SupportAction, description: string) =>
    support
      .command(name)
      .description(description)
      .argument('<request>', 'support-<client>-<id> or <client>/<id>')
      .requiredOption('--by <email>', 'who did it')
      .option('--note <text>', 'a note for the record')
      .action(async (reference: string, options: { by: string; note?: string }) => {
        const state = await withClient((client) =>
          actOnSupportRequest(client, reference, name, {
            by: options.by,
            ...(options.note ? { note: options.note } : {}),
          }),
        );
        print(json() ? JSON.stringify(state) : describeState(state));
      });
  action('answer', 'the first answer went out: the SLA is met (or recorded as late)');
  action('wait', 'waiting on the client (the "+more info please" label): the SLA clock stops');
  action('replied', 'the client replied: the SLA clock runs again, the wait given back');
  action('resolve', 'resolved (an incident gets its postmortem task)');

  support
    .command('status')
    .description('one request: level, deadline, who is on call, what happened')
    .argument('<request>', 'support-<client>-<id> or <client>/<id>')
    .action(async (reference: string) => {
      const state = await withClient((client) => supportRequestState(client, reference));
      print(json() ? JSON.stringify(state) : describeState(state));
    });

  support
    .command('list')
    .description('open requests, as the Web UI lists them by SupportClient, SupportLevel, SupportSlaBreached')
    .option('--client <label>', 'one client')
    .option('--level <level>', SUPPORT_LEVELS.join(', '))
    .option('--breached', 'only those past their SLA')
    .option('--all', 'resolved ones too')
    .action(async (options: { client?: string; level?: string; breached?: boolean; all?: boolean }) => {
      const rows = await withClient((client) => listSupportRequests(client, options));
      if (json()) return print(JSON.stringify(rows));
      if (rows.length === 0) return print('no support requests match');
      for (const row of rows) {
        print(
          `${row.workflowId}  ${row.client ?? '?'}  ${row.level ?? '?'}  ${row.status ?? '?'}` +
            `${row.slaBreached ? '  SLA missed' : ''}  since ${row.startedAt}`,
        );
      }
    });

  const collect = (value: string, previous: string[]) => [...previous, value];
  const sendUpdate = async (lead: string, request: ClientUpdateRequest) => {
    const sent = await withClient((client) => sendClientUpdate(client, lead, request, taskQueue()));
    const when = sent.reviewOn ? `, ahead of the review on ${sent.reviewOn}` : '';
    print(json() ? JSON.stringify(sent) : `${sent.workflowId}: ${sent.delivered ? 'sent' : 'already sent'}${when}`);
  };

  program
    .command('sprint-update')
    .description("the client's sprint status as a bulleted list, CC help+<label>@ and the client owner (003)")
    .argument('<lead>', 'lead email or workflow id')
    .option('--planned <ticket>', 'a ticket planned for this sprint (repeat)', collect, [])
    .option('--done <ticket>', 'a ticket done this sprint (repeat)', collect, [])
    .option('--waiting <ticket>', 'a ticket waiting on the client (repeat)', collect, [])
    .requiredOption('--by <email>', 'who sends it: replies go to them')
    .option('--sender-name <name>', 'signs the email')
    .action(
      async (
        lead: string,
        options: { planned: string[]; done: string[]; waiting: string[]; by: string; senderName?: string },
      ) => {
        await sendUpdate(lead, {
          kind: 'sprint-status',
          tickets: { planned: options.planned, done: options.done, waitingOnClient: options.waiting },
          by: options.by,
          ...(options.senderName ? { senderName: options.senderName } : {}),
        });
      },
    );

  program
    .command('staging-ready')
    .description('tell the client what is ready on staging, ahead of the sprint review (003)')
    .argument('<lead>', 'lead email or workflow id')
    .option('--feature <feature>', 'a feature ready to try (repeat)', collect, [])
    .requiredOption('--url <url>', 'the staging site')
    .requiredOption('--by <email>', 'who sends it: replies go to them')
    .option('--sender-name <name>', 'signs the email')
    .action(async (lead: string, options: { feature: string[]; url: string; by: string; senderName?: string }) => {
      await sendUpdate(lead, {
        kind: 'staging',
        features: options.feature,
        stagingUrl: options.url,
        by: options.by,
        ...(options.senderName ? { senderName: options.senderName } : {}),
      });
    });
}
