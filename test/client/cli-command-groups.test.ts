/**
 * Each command loads only its own group of commands (client/commands/registry.ts), so that `status` starts quickly.
 * What a person sees must not depend on it: help lists every command, and a command's error names the same things.
 */
import { Command } from 'commander';
import { COMMAND_GROUPS, commandNamed, registerCommands } from '../../client/commands/registry';
import type { CommandContext } from '../../client/commands/context';

function programWithGlobals(): Command {
  return new Command('lifecycle')
    .option('--address <host:port>', 'Temporal frontend')
    .option('--namespace <name>', 'Temporal namespace')
    .option('--task-queue <name>', 'task queue')
    .option('--json', 'machine-readable output')
    .version('0.0.0', '--version');
}

test.each([
  [['status', 'ana@acme.example'], 'status'],
  [['--json', 'status', 'ana@acme.example'], 'status'],
  [['--address', 'status', 'list'], 'list'],
  [['--address=localhost:7233', '--task-queue', 'q', 'gate'], 'gate'],
  [['--json=1', 'status', 'x'], undefined],
  [['--bogus', 'status', 'x'], undefined],
  [['--help', 'status'], undefined],
  [['-h'], undefined],
  [[], undefined],
])('%j runs the command %s', (argv, expected) => {
  expect(commandNamed(argv, programWithGlobals())).toBe(expected);
});

test('help, an unknown command and completion see every group, in the order help lists them', () => {
  for (const argv of [['--help'], ['stauts'], ['completion'], ['help', 'status']]) {
    const program = programWithGlobals();
    registerCommands(program, {} as CommandContext, argv);
    expect(program.commands.map((command) => command.name())).toEqual(
      COMMAND_GROUPS.flatMap((group) => group.commands),
    );
  }
});

test('a named command registers its own group alone', () => {
  const program = programWithGlobals();
  registerCommands(program, {} as CommandContext, ['--json', 'meeting', 'schedule', '--help']);
  expect(program.commands.map((command) => command.name())).toEqual(['meeting-done', 'resend', 'meeting']);
});
