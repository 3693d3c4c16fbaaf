import type { Client } from '@temporalio/client';
import { RecordingSources } from '../../common/recording-sources';
import { buildIntake, type IntakeOptions } from '../../intake/server';
import { signedHeaders } from '../../intake/signature';

export const SECRET = 'a-test-secret-of-enough-length';

/** The fields the intake's answers carry, for the assertions. */
export interface Answer {
  workflowId: string;
  runId: string;
  existing: boolean;
  webUi: string;
  ignored: unknown[];
  error: string;
  issues: { field: string; message: string }[];
  stage: string;
  rubric: unknown;
  id: string;
  status: string;
  temporal: string;
}

export interface Intake {
  url: string;
  /** Posts a body as it would arrive from a sender that signs with SECRET (unless `sign: false`). */
  post(
    path: string,
    body: string,
    options?: { type?: string; sign?: boolean; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Answer }>;
  get(path: string): Promise<{ status: number; body: Answer; text: string }>;
  close(): Promise<void>;
}

export async function startTestIntake(
  client: Client,
  taskQueue: string,
  overrides: Partial<IntakeOptions> & { recordingsFolder?: string } = {},
): Promise<Intake> {
  const app = buildIntake({
    client,
    namespace: 'default',
    taskQueue,
    signing: { secret: { reveal: () => SECRET } },
    windowSeconds: 300,
    bodyLimitBytes: 16 * 1024,
    recordingSources: new RecordingSources({ folder: overrides.recordingsFolder ?? '/nonexistent', allowedHosts: [] }),
    webUiUrl: 'http://localhost:8233',
    temporalTimeoutMs: 10_000,
    ...overrides,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const read = async (response: Response) => {
    const text = await response.text();
    let body = {} as Answer;
    try {
      body = JSON.parse(text) as Answer;
    } catch {
      // HTML or plain text: see `text`
    }
    return { status: response.status, body, text };
  };
  return {
    url,
    async post(path, body, options = {}) {
      const headers: Record<string, string> = {
        'content-type': options.type ?? 'application/json',
        ...(options.sign === false ? {} : signedHeaders(SECRET, body)),
        ...options.headers,
      };
      return read(await fetch(`${url}${path}`, { method: 'POST', headers, body }));
    },
    async get(path) {
      return read(await fetch(`${url}${path}`));
    },
    close: () => app.close(),
  };
}

export function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}
