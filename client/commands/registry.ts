/**
 * Which module registers which commands. A command named on the command line loads its own group alone: `status`
 * would otherwise load every group's imports (zod, the CSV parser, the workflows' input schemas) before asking its
 * one query, a third of its time (issue #11). Help, an unknown or misspelt command and `completion` get every group,
 * so what they list is the CLI's whole set of commands, in this order.
 */
import type { Command } from 'commander';
import type { CommandContext } from './context';

type RegisterCommands = (program: Command, ctx: CommandContext) => void;

export interface CommandGroup {
  /** The top-level commands the group registers, as typed. */
  readonly commands: readonly string[];
  /** Lists every other group's commands too, so it needs them registered. */
  readonly needsEveryCommand?: boolean;
  load(): RegisterCommands;
}

/* eslint-disable @typescript-eslint/no-require-imports -- required when one of the group's commands runs, not at start */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    commands: ['start', 'project', 'import', 'end', 'lose'],
    load: () => (require('./leads') as typeof import('./leads')).registerLeadCommands,
  },
  {
    commands: ['status', 'list'],
    load: () => (require('./lookups') as typeof import('./lookups')).registerLookupCommands,
  },
  {
    commands: ['gate', 'score'],
    load: () => (require('./gates') as typeof import('./gates')).registerGateCommands,
  },
  {
    commands: ['greeting'],
    load: () => (require('./greeting') as typeof import('./greeting')).registerGreetingCommands,
  },
  {
    commands: ['follow-up', 'follow-up-done'],
    load: () => (require('./follow-ups') as typeof import('./follow-ups')).registerFollowUpCommands,
  },
  {
    commands: ['meeting-done', 'resend', 'meeting'],
    load: () => (require('./meetings') as typeof import('./meetings')).registerMeetingCommands,
  },
  {
    commands: ['invoice', 'maintenance'],
    load: () => (require('./invoices') as typeof import('./invoices')).registerInvoiceCommands,
  },
  {
    commands: ['schedules'],
    load: () => (require('./schedules') as typeof import('./schedules')).registerScheduleCommands,
  },
  {
    commands: ['funnel'],
    load: () => (require('./pipeline') as typeof import('./pipeline')).registerPipelineCommands,
  },
  {
    commands: ['support', 'sprint-update', 'staging-ready'],
    load: () => (require('./care') as typeof import('./care')).registerCareCommands,
  },
  {
    commands: ['completion'],
    needsEveryCommand: true,
    load: () => (require('./completion') as typeof import('./completion')).registerCompletionCommand,
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The command `argv` runs, read as commander will read it: the first word that is neither an option of the program
 * nor the value of one (`--address <host:port>` takes the next word, `--address=host:port` does not). Undefined
 * when commander will stop before any command: at `--help`, or at an option the program does not have (`--json=1`
 * included), where its error is followed by the whole program's help.
 */
export function commandNamed(argv: readonly string[], program: Command): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index];
    if (!word.startsWith('-')) return word;
    const name = word.split('=')[0];
    const option = program.options.find((candidate) => candidate.long === name || candidate.short === name);
    const takesValue = option?.required === true || option?.optional === true;
    if (!option || (word.includes('=') && !takesValue)) return undefined;
    if (takesValue && !word.includes('=')) index++;
  }
  return undefined;
}

/** Registers the groups `argv` needs: the named command's own, or all of them. */
export function registerCommands(program: Command, ctx: CommandContext, argv: readonly string[]): void {
  const name = commandNamed(argv, program);
  const named = COMMAND_GROUPS.find((group) => name !== undefined && group.commands.includes(name));
  const groups = named && !named.needsEveryCommand ? [named] : COMMAND_GROUPS;
  for (const group of groups) group.load()(program, ctx);
}
