/** Where tasks go: Jira when all four JIRA_* variables are set, otherwise a JSON-lines file. */
import { z } from 'zod';
import type { ConfigProblem } from '../../common/config-error';
import { email, httpUrl, optional, text, type RawVariables } from '../../common/env-schema';
import { Secret } from '../../common/secret';

export type TasksConfig =
  | { kind: 'jira'; baseUrl: string; email: string; apiToken: Secret; projectKey: string; issueType: string }
  | { kind: 'jsonl'; file: string };

export const TASKS_VARIABLES = [
  'JIRA_BASE_URL',
  'JIRA_EMAIL',
  'JIRA_API_TOKEN',
  'JIRA_PROJECT_KEY',
  'JIRA_ISSUE_TYPE',
  'TASKS_FILE',
] as const;

export const TASKS_SECRETS = ['JIRA_API_TOKEN'] as const;

const JIRA_REQUIRED = ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT_KEY'] as const;

export const tasksShape = {
  JIRA_BASE_URL: optional(httpUrl),
  JIRA_EMAIL: optional(email),
  JIRA_API_TOKEN: optional(z.string()),
  JIRA_PROJECT_KEY: optional(z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be a Jira project key such as OPS')),
  JIRA_ISSUE_TYPE: optional(text('must be an issue type name such as Task')),
  TASKS_FILE: optional(z.string()),
};

export function tasksProblems(raw: RawVariables<(typeof TASKS_VARIABLES)[number]>): ConfigProblem[] {
  const set = JIRA_REQUIRED.filter((name) => raw[name] !== undefined);
  if (set.length === 0 || set.length === JIRA_REQUIRED.length) return [];
  return JIRA_REQUIRED.filter((name) => raw[name] === undefined).map((variable) => ({
    variable,
    problem: 'is missing: JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN and JIRA_PROJECT_KEY must be set together',
  }));
}

export function tasksConfigFrom(parsed: z.infer<z.ZodObject<typeof tasksShape>>): TasksConfig {
  return parsed.JIRA_BASE_URL !== undefined &&
    parsed.JIRA_EMAIL !== undefined &&
    parsed.JIRA_API_TOKEN !== undefined &&
    parsed.JIRA_PROJECT_KEY !== undefined
    ? {
        kind: 'jira',
        baseUrl: parsed.JIRA_BASE_URL.replace(/\/+$/, ''),
        email: parsed.JIRA_EMAIL,
        apiToken: new Secret(parsed.JIRA_API_TOKEN),
        projectKey: parsed.JIRA_PROJECT_KEY,
        issueType: parsed.JIRA_ISSUE_TYPE ?? 'Task',
      }
    : { kind: 'jsonl', file: parsed.TASKS_FILE ?? 'outbox/tasks.jsonl' };
}
