import { appendFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
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
  /** What the file held when this process last read or appended to it; read again whenever the file moved since. */
  private known: KnownFile | undefined;

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
    const known = await this.current();
    const existingKey = known.keys.get(request.externalId);
    if (existingKey) return { key: existingKey, url: this.urlFor(existingKey), created: false };

    const key = `TASK-${known.highest + 1}`;
    const line: TaskLine = { key, createdAt: new Date().toISOString(), ...request };
    await mkdir(path.dirname(this.file), { recursive: true });
    // If a crash left the last line unterminated, start on a fresh line so this record stays parseable.
    const appended = `${known.endsWithLine ? '' : '\n'}${JSON.stringify(line)}\n`;
    await appendFile(this.file, appended);
    known.keys.set(request.externalId, key);
    const after = await this.version();
    // Anything else that landed in the file meanwhile makes it longer than this line alone: then it is read again.
    this.known =
      after && after.size === known.size + Buffer.byteLength(appended)
        ? { ...after, keys: known.keys, highest: known.highest + 1, endsWithLine: true }
        : undefined;
    return { key, url: this.urlFor(key), created: true };
  }

  /**
   * The file's keys, read again only when its size, time or inode moved since this process last saw it (someone
   * edited it, another worker appended): a create costs one `stat`, not a read of every task ever made.
   */
  private async current(): Promise<KnownFile> {
    const version = await this.version();
    const known = this.known;
    if (known && version && sameVersion(known, version)) return known;
    const text = await this.readText();
    const tasks = parseLines(text);
    const keys = new Map<string, string>();
    let highest = 0;
    for (const task of tasks) {
      if (!keys.has(task.externalId)) keys.set(task.externalId, task.key);
      highest = Math.max(highest, Number(/^TASK-(\d+)$/.exec(task.key)?.[1] ?? 0));
    }
    const read: KnownFile = {
      ...(version ?? { size: 0, mtimeMs: 0, ino: 0 }),
      keys,
      highest,
      endsWithLine: text.length === 0 || text.endsWith('\n'),
    };
    // Kept only when the file did not move while it was read; otherwise the next create reads it again.
    const after = await this.version();
    this.known = version && after && sameVersion(version, after) ? read : undefined;
    return read;
  }

  private async version(): Promise<FileVersion | undefined> {
    try {
      const { size, mtimeMs, ino } = await stat(this.file);
      return { size, mtimeMs, ino };
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw error;
    }
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
    this.known = undefined;
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

interface FileVersion {
  size: number;
  mtimeMs: number;
  ino: number;
}

interface KnownFile extends FileVersion {
  /** externalId → key. */
  keys: Map<string, string>;
  highest: number;
  endsWithLine: boolean;
}

function sameVersion(a: FileVersion, b: FileVersion): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
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
