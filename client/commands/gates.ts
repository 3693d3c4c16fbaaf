/** Gates: complete the gate out of a stage with its evidence; score a lead with the rubric. */
import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { scoreLead } from '../../rules/rubric';
import { InvalidInputError } from '../../rules/invalid-input';
import { isGatedStage, type GateRequest } from '../../workflows/gates';
import { gateSignal } from '../../workflows/messages';
import { parseLifecycleStage } from '../../workflows/stages';
import { formatGateOutcome, formatRubric } from '../format';
import { evidenceHelp } from '../gate-help';
import { completeGate, leadHandle } from '../lifecycle';
import type { CommandContext } from './context';
import { parseJson } from './input';

export function registerGateCommands(program: Command, ctx: CommandContext): void {
  const { out } = ctx;

  program
    .command('gate')
    .description('complete the stage gate out of <stage> for <lead>, with the evidence the handbook asks for')
    .argument('<lead>', 'lead email or workflow id')
    .argument('<stage>', 'the stage being completed, e.g. prospect-qualification')
    .requiredOption('--by <who>', 'who completed the gate')
    .option('--evidence <json>', 'the evidence as JSON', '{}')
    .option('--evidence-file <file>', 'read the evidence from a JSON file')
    .option('--signal', 'fire and forget: send a signal instead of waiting for the update result')
    .addHelpText('after', evidenceHelp)
    .action(
      async (
        lead: string,
        stageText: string,
        options: { by: string; evidence: string; evidenceFile?: string; signal?: boolean },
      ) => {
        const evidenceText = options.evidenceFile
          ? await readFile(ctx.fromCaller(options.evidenceFile), 'utf8')
          : options.evidence;
        const request = {
          stage: stageArgument(stageText),
          by: options.by,
          evidence: parseJson(evidenceText, 'evidence'),
        } as GateRequest;
        await ctx.withClient(async (client) => {
          if (options.signal) {
            await leadHandle(client, lead).signal(gateSignal, request);
            out.result({ signalled: true }, () => 'Signal sent; `status` shows whether it was accepted.');
            return;
          }
          const state = await completeGate(client, lead, request);
          out.result(state, () => formatGateOutcome(lead, state));
        });
      },
    );

  program
    .command('score')
    .description('score a lead with the Lead Prioritization Rubric: JSON scores in, JSON result out (no server needed)')
    .argument('[file]', 'JSON file with the seven factor scores; standard input when omitted')
    .option('--table', 'print a readable table instead of JSON')
    .action(async (file: string | undefined, options: { table?: boolean }) => {
      const text = file ? await readFile(ctx.fromCaller(file), 'utf8') : await ctx.io.readStdin();
      const rubric = scoreLead(parseJson(text, 'rubric scores'));
      out.print(options.table ? formatRubric(rubric) : JSON.stringify(rubric, null, 2));
    });
}

export function stageArgument(text: string): GateRequest['stage'] {
  const stage = parseLifecycleStage(text);
  if (!stage || !isGatedStage(stage)) {
    throw new InvalidInputError('Invalid gate', [{ field: 'stage', message: `'${text}' is not a stage with a gate` }]);
  }
  return stage;
}
