import { writeFile } from 'node:fs/promises';
import type { JsonLinesTracker } from '../../activities/tasks/jsonl-tracker';

/** Marks a task done on its line of the local tracker, as a person finishing it would (see the README). */
export async function finishTask(tracker: JsonLinesTracker, key: string, doneOn: string): Promise<void> {
  const lines = (await tracker.readAll()).map((line) =>
    line.key === key ? { ...line, status: 'done' as const, doneOn } : line,
  );
  await writeFile(tracker.file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
}
