import { mkdtemp, readFile, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JsonLinesTracker } from '../../activities/tasks/jsonl-tracker';
import type { TaskRequest } from '../../activities/tasks/port';
import { finishTask } from '../support/tracker';

describe('JsonLinesTracker', () => {
  let dir: string;
  let file: string;

  // A file of its own for every test: task keys (TASK-1, TASK-2) count from the first task the test itself creates.
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tasks-'));
    file = path.join(dir, 'nested', 'tasks.jsonl');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const task = (externalId: string): TaskRequest => ({
    externalId,
    summary: `Discovery for ${externalId}`,
    description: 'Estimate the micro-degree work.',
    assignee: 'ana@example.com',
    dueDate: '2026-01-20',
    estimateHours: 5,
    labels: ['discovery'],
  });

  it('appends one JSON line per task', async () => {
    const tracker = new JsonLinesTracker({ file });
    await expect(tracker.createTask(task('lead-1:discovery'))).resolves.toMatchObject({ key: 'TASK-1', created: true });
    await expect(tracker.createTask(task('lead-2:discovery'))).resolves.toMatchObject({ key: 'TASK-2', created: true });

    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toMatchObject({ key: 'TASK-1', ...task('lead-1:discovery') });
  });

  it('returns the existing task for a known externalId, also from a new tracker', async () => {
    const tracker = new JsonLinesTracker({ file });
    await tracker.createTask(task('lead-1:discovery'));
    await tracker.createTask(task('lead-2:discovery'));

    await expect(tracker.createTask(task('lead-1:discovery'))).resolves.toMatchObject({
      key: 'TASK-1',
      created: false,
    });
    const result = await new JsonLinesTracker({ file }).createTask(task('lead-1:discovery'));
    expect(result).toMatchObject({ key: 'TASK-1', created: false });
    expect(result.url).toMatch(/^file:\/\/.*tasks\.jsonl#TASK-1$/);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('sees the tasks another worker appended since its own last create', async () => {
    const first = new JsonLinesTracker({ file });
    const second = new JsonLinesTracker({ file });
    await first.createTask(task('lead-1:discovery'));
    await expect(second.createTask(task('lead-2:discovery'))).resolves.toMatchObject({ key: 'TASK-2', created: true });

    await expect(first.createTask(task('lead-2:discovery'))).resolves.toMatchObject({ key: 'TASK-2', created: false });
    await expect(first.createTask(task('lead-3:discovery'))).resolves.toMatchObject({ key: 'TASK-3', created: true });
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(3);
  });

  it('creates a task once when asked concurrently', async () => {
    const tracker = new JsonLinesTracker({ file });
    await tracker.createTask(task('lead-1:discovery'));
    const results = await Promise.all([1, 2, 3].map(() => tracker.createTask(task('lead-3:discovery'))));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.key))).toEqual(new Set(['TASK-2']));
    expect((await tracker.readAll()).map((line) => line.externalId)).toEqual(['lead-1:discovery', 'lead-3:discovery']);
  });

  it('survives a line cut short by a crash', async () => {
    const tracker = new JsonLinesTracker({ file });
    await tracker.createTask(task('lead-1:discovery'));
    await tracker.createTask(task('lead-2:discovery'));
    await tracker.createTask(task('lead-3:discovery'));
    await appendFile(file, '{"externalId":"lead-4:disc');

    const afterCrash = new JsonLinesTracker({ file });
    await expect(afterCrash.createTask(task('lead-5:discovery'))).resolves.toMatchObject({
      key: 'TASK-4',
      created: true,
    });
    expect((await afterCrash.readAll()).map((line) => line.externalId)).toEqual([
      'lead-1:discovery',
      'lead-2:discovery',
      'lead-3:discovery',
      'lead-5:discovery',
    ]);
  });

  it("reads a client's sprint: its label's tasks, done by hand in the file, waiting while a '+' label is on", async () => {
    const tracker = new JsonLinesTracker({ file });
    const sprint = { start: '2026-11-23', lastDay: '2026-12-06' };
    const client = (externalId: string, summary: string, dueDate: string, labels = ['acme']) =>
      tracker.createTask({ ...task(externalId), summary, dueDate, labels });
    const sso = await client('sso', 'SSO login', '2026-11-27');
    await client('logo', 'Your logo files', '2026-11-25', ['customer request', 'acme']);
    await client('bulk', 'Bulk enrolment', '2026-12-04');
    await client('later', 'Reports', '2026-12-18');
    await client('other', 'Globex work', '2026-11-30', ['globex']);
    await tracker.updateLabels('logo', { add: ['+more info please'], remove: [] });
    await finishTask(tracker, sso.key, '2026-11-26');

    await expect(tracker.sprintTickets({ clientLabel: 'acme', sprint })).resolves.toEqual({
      planned: ['Bulk enrolment'],
      done: ['SSO login'],
      waitingOnClient: ['Your logo files'],
    });
    await expect(tracker.sprintTickets({ clientLabel: 'initech', sprint })).resolves.toEqual({
      planned: [],
      done: [],
      waitingOnClient: [],
    });
  });
});
