/**
 * The intake's settings, from the environment like the worker's. The shared secret is a Secret: never printed.
 */
import { z } from 'zod';
import { ConfigError } from '../common/config-error';
import { Secret } from '../common/secret';

export interface IntakeConfig {
  host: string;
  port: number;
  temporal: { address: string; namespace: string; taskQueue: string };
  /** `off` only when the operator said so (INTAKE_SIGNING=off): then anyone who can reach the port may post. */
  signing: { secret: Secret } | 'off';
  windowSeconds: number;
  bodyLimitBytes: number;
  /** The Temporal Web UI, for the pipeline page's links. */
  webUiUrl: string;
}

const port = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be a port number')
    .max(65535, 'must be a port number')
    .default(fallback);

const schema = z.object({
  INTAKE_HOST: z.string().default('127.0.0.1'),
  INTAKE_PORT: port(8080),
  INTAKE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  INTAKE_SIGNING: z.enum(['on', 'off'], { message: "must be 'on' or 'off'" }).default('on'),
  INTAKE_SIGNATURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  INTAKE_BODY_LIMIT: z.coerce
    .number({ message: 'must be a number of bytes' })
    .int()
    .min(1024)
    .max(10_485_760)
    .default(65_536),
  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('customer-lifecycle'),
  TEMPORAL_UI_URL: z.url({ message: 'must be a URL' }).default('http://localhost:8233'),
});

const VARIABLES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

export function loadIntakeConfig(env: NodeJS.ProcessEnv): IntakeConfig {
  const raw: Record<string, string> = {};
  for (const name of VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') raw[name] = name === 'INTAKE_SECRET' ? value : value.trim();
  }
  const result = schema.safeParse(raw);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => ({ variable: String(issue.path[0]), problem: issue.message }));
  if (result.success && result.data.INTAKE_SIGNING === 'on' && !result.data.INTAKE_SECRET) {
    problems.push({
      variable: 'INTAKE_SECRET',
      problem: 'is required to check request signatures (or set INTAKE_SIGNING=off, for local use only)',
    });
  }
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const data = result.data;
  return {
    host: data.INTAKE_HOST,
    port: data.INTAKE_PORT,
    temporal: {
      address: data.TEMPORAL_ADDRESS,
      namespace: data.TEMPORAL_NAMESPACE,
      taskQueue: data.TEMPORAL_TASK_QUEUE,
    },
    signing: data.INTAKE_SIGNING === 'off' ? 'off' : { secret: new Secret(data.INTAKE_SECRET ?? '') },
    windowSeconds: data.INTAKE_SIGNATURE_WINDOW_SECONDS,
    bodyLimitBytes: data.INTAKE_BODY_LIMIT,
    webUiUrl: data.TEMPORAL_UI_URL.replace(/\/+$/, ''),
  };
}
