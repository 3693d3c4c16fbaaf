import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { classifySprintTickets } from '../../rules/sprint-status';
import type { SprintTickets } from '../../rules/sprint-updates';
import type { CreatedTask, LabelChange, SprintTicketQuery, TaskRequest, TaskTracker } from './port';

export interface JsonLinesTrackerOptions {
  /** Default `outbox/tasks.jsonl`. */
  file?: string;
}

/** One line of the file. */
export interface TaskLine extends TaskRequest {
  key: string;
  createdAt: string;
  /**
   * Set by whoever finishes the task (edit the line, or `jq`): `done`, with the day it was done as `doneOn`
   * (YYYY-MM-DD). Absent: still open.
   */
  status?: 'open' | 'done';
  doneOn?: string;
}

/**
 * The default task tracker: one JSON object per line in a local file, readable with `jq` and easy to import into
 * any tracker later. The file itself is the idempotency record: a task whose externalId is already in it is
 * returned as it is, not appended again.
 */
export class JsonLinesTracker implements TaskTracker {
  readonly file: string;
  /** Appends are serialised inside the process, so two concurrent creates cannot both miss each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: JsonLinesTrackerOptions = {}) {
    this.file = path.resolve(options.file ?? 'outbox/tasks.jsonl');
  }

  createTask(request: TaskRequest): Promise<CreatedTask> {
    const run = this.queue.then(() => this.createNow(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  updateLabels(externalId: string, change: LabelChange): Promise<void> {
    const run = this.queue.then(() => this.relabelNow(externalId, change));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The file is the whole tracker: every task carrying the client's label, classified by the shared rule. */
  async sprintTickets(query: SprintTicketQuery): Promise<SprintTickets> {
    const clients = (await this.readAll()).filter((task) => (task.labels ?? []).includes(query.clientLabel));
    return classifySprintTickets(
      clients.map((task) => ({
        key: task.key,
        summary: task.summary,
        labels: task.labels ?? [],
        status: task.status === 'done' ? 'done' : 'open',
        dueDate: task.dueDate,
        ...(task.doneOn !== undefined ? { doneOn: task.doneOn } : {}),
      })),
      query.sprint,
    );
  }

  /** Every task in the file, oldest first. */
  async readAll(): Promise<TaskLine[]> {
    return parseLines(await this.readText());
  }

  private async createNow(request: TaskRequest): Promise<CreatedTask> {
    const text = await this.readText();
    const tasks = parseLines(text);
    const existing = tasks.find((task) => task.externalId === request.externalId);
    if (existing) return { key: existing.key, url: this.urlFor(existing.key), created: false };

    const highest = Math.max(0, ...tasks.map((task) => Number(/^TASK-(\d+)$/.exec(task.key)?.[1] ?? 0)));
    const key = `TASK-${highest + 1}`;
    const line: TaskLine = { key, createdAt: new Date().toISOString(), ...request };
    await mkdir(path.dirname(this.file), { recursive: true });
    // If a crash left the last line unterminated, start on a fresh line so this record stays parseable.
    const prefix = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    await appendFile(this.file, `${prefix}${JSON.stringify(line)}\n`);
    return { key, url: this.urlFor(key), created: true };
  }

  /** The file is rewritten whole and renamed into place, so a crash leaves the old labels or the new, never half. */
  private async relabelNow(externalId: string, change: LabelChange): Promise<void> {
    const tasks = parseLines(await this.readText());
    const task = tasks.find((candidate) => candidate.externalId === externalId);
    if (!task) throw new Error(`No task with external id ${externalId} in ${this.file}`);
    const kept = (task.labels ?? []).filter((label) => !change.remove.includes(label));
    task.labels = [...kept, ...change.add.filter((label) => !kept.includes(label))];
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, tasks.map((line) => `${JSON.stringify(line)}\n`).join(''));
    await rename(temporary, this.file);
  }

  private async readText(): Promise<string> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return '';
      throw error;
    }
  }

  private urlFor(key: string): string {
    return `${pathToFileURL(this.file).href}#${key}`;
  }
}

function parseLines(text: string): TaskLine[] {
  const tasks: TaskLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as Partial<TaskLine>;
      if (typeof parsed.externalId === 'string' && typeof parsed.key === 'string') tasks.push(parsed as TaskLine);
    } catch {
      // A line cut short by a crash mid-append: skipped, and the task it held is simply created again.
    }
  }
  return tasks;
}
