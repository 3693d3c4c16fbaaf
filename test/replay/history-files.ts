import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const HISTORIES_DIR = path.join(__dirname, 'histories');

/**
 * One committed history: the workflow it belongs to (child workflow ids are part of the commands replay compares)
 * and its events in the JSON form `temporal workflow show --output json` prints.
 */
export interface HistoryFile {
  scenario: string;
  workflowId: string;
  recordedAt: string;
  history: unknown;
}

export function historyFileName(scenario: string, run: string): string {
  return `${scenario}.${run}.json`;
}

export function readHistoryFiles(): { file: string; workflowId: string; history: temporal.api.history.v1.IHistory }[] {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const recorded = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as HistoryFile;
      return { file, workflowId: recorded.workflowId, history: historyFromJSON(recorded.history) };
    });
}
