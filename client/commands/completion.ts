/** `completion`: a bash completion script for the CLI, generated from the commands it really has. */
import type { Command } from 'commander';
import type { CommandContext } from './context';

/** What to offer after `lifecycle`: each command, and each command's subcommands and long options. */
export function bashCompletion(program: Command, commandName = 'lifecycle'): string {
  const words = (command: Command) => [
    ...command.commands.map((sub) => sub.name()),
    ...command.options.map((option) => option.long).filter((long): long is string => long !== undefined),
  ];
  const cases = program.commands
    .map((command) => `    ${command.name()}) words=${shellWords(words(command))} ;;`)
    .join('\n');
  const top = shellWords([...words(program), '--help', '--version']);
  const fn = `_${commandName.replace(/[^A-Za-z0-9_]/g, '_')}_complete`;
  return [
    `# bash completion for ${commandName}: source <(npm run -s cli -- completion)`,
    `${fn}() {`,
    '  local cur=${COMP_WORDS[COMP_CWORD]} words',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    words=${top}`,
    '  else',
    '    case "${COMP_WORDS[1]}" in',
    cases,
    `    *) words='--help' ;;`,
    '    esac',
    '  fi',
    '  COMPREPLY=( $(compgen -W "$words" -- "$cur") )',
    '}',
    `complete -F ${fn} ${commandName}`,
    '',
  ].join('\n');
}

function shellWords(words: string[]): string {
  return `'${words.filter((word) => /^[A-Za-z0-9-]+$/.test(word)).join(' ')}'`;
}

export function registerCompletionCommand(program: Command, ctx: CommandContext): void {
  program
    .command('completion')
    .description('print a bash completion script: alias lifecycle="npm run -s cli --"; source <(lifecycle completion)')
    .option('--name <command>', 'the command name to complete', 'lifecycle')
    .action((options: { name: string }) => {
      ctx.out.print(bashCompletion(program, options.name).trimEnd());
    });
}
