import { readFile } from 'node:fs/promises';
import type { WorkLog } from '../../rules/billing';
import type { WorkLogSource } from './port';

interface WorkLogLine extends WorkLog {
  /** The client's mailing-list label, the same key the rest of the product uses. */
  client: string;
}

/**
 * Work logs as one JSON object per line (`{"client":"hedera","date":"2026-03-02","hours":3.5,"description":"..."}`),
 * the shape an export from any time tracker can be turned into with one `jq` line.
 */
export class JsonLinesWorkLogs implements WorkLogSource {
  constructor(private readonly file: string) {}

  async logsFor({ client, month }: { client: string; month: string }): Promise<WorkLog[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, index) => parseLine(line, index + 1, this.file))
      .filter((log) => log.client === client && log.date.startsWith(`${month}-`))
      .map(({ date, hours, description, author }) => ({ date, hours, description, ...(author ? { author } : {}) }));
  }
}

/** A malformed line stays malformed however often the activity retries: say which line, once. */
function parseLine(line: string, lineNumber: number, file: string): WorkLogLine {
  try {
    return JSON.parse(line) as WorkLogLine;
  } catch (error) {
    throw Object.assign(new Error(`${file} line ${lineNumber} is not valid JSON: ${String(error)}`), {
      name: 'MalformedWorkLog',
      nonRetryable: true,
    });
  }
}
