import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error';

export interface EnvSchema<Variable extends string, Parsed> {
  /** In the order problems are reported. */
  variables: readonly Variable[];
  schema: z.ZodType<Parsed>;
  /** Neither trimmed (a password may end in a space) nor ever quoted back. */
  secrets?: ReadonlySet<Variable>;
  /** Rules about combinations of variables, on the raw strings, so they are reported alongside format errors. */
  crossFieldProblems?: (raw: Partial<Record<Variable, string>>) => ConfigProblem[];
}

/**
 * Reads and validates `variables` from the environment; throws one ConfigError listing every bad variable. Empty
 * values count as unset.
 */
export function parseEnv<Variable extends string, Parsed>(
  env: NodeJS.ProcessEnv,
  { variables, schema, secrets, crossFieldProblems }: EnvSchema<Variable, Parsed>,
): Parsed {
  const raw: Partial<Record<Variable, string>> = {};
  for (const name of variables) {
    const value = env[name];
    if (value === undefined || value.trim() === '') continue;
    raw[name] = secrets?.has(name) ? value : value.trim();
  }

  const problems: ConfigProblem[] = [];
  const result = schema.safeParse(raw);
  if (!result.success) {
    // Only our own messages are used: zod's defaults could quote the offending value, which may be a secret.
    for (const issue of result.error.issues) {
      const variable = String(issue.path[0] ?? '(environment)');
      problems.push({ variable, problem: issue.message || 'is invalid' });
    }
  }
  problems.push(...(crossFieldProblems?.(raw) ?? []));
  if (problems.length > 0 || !result.success) {
    const order = (variable: string) => variables.indexOf(variable as Variable);
    problems.sort((a, b) => order(a.variable) - order(b.variable));
    throw new ConfigError(problems);
  }
  return result.data;
}
