import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NonRetryableTaskError } from '../../activities/tasks/errors';
import { JiraTracker } from '../../activities/tasks/jira-tracker';
import { JsonLinesTracker } from '../../activities/tasks/jsonl-tracker';
import type { TaskRequest } from '../../activities/tasks/port';
import { startJiraPeer } from './peers/jira-peer';

const request: TaskRequest = {
  externalId: 'customer-request-ceres-r1',
  summary: 'Customer request (ceres): exports time out',
  description: 'Exports time out',
  assignee: 'tech@example.com',
  dueDate: '2026-12-08',
  estimateHours: 0,
  labels: ['customer request', 'ceres'],
};

test('Jira: the "+" label is added and removed by edit operations, other labels untouched', async () => {
  const jira = await startJiraPeer({ email: 'bot@example.com', apiToken: 'token', projectKey: 'OPS', users: [] });
  try {
    const tracker = new JiraTracker({
      baseUrl: jira.baseUrl,
      email: 'bot@example.com',
      apiToken: 'token',
      projectKey: 'OPS',
    });
    await tracker.createTask(request);
    jira.issues[0].fields.labels?.push('set-by-a-person');

    await tracker.updateLabels(request.externalId, { add: ['+more info please'], remove: [] });
    expect(jira.issues[0].fields.labels).toEqual(
      expect.arrayContaining(['customer-request', 'ceres', 'set-by-a-person', '+more-info-please']),
    );
    expect(jira.requests.at(-1)).toBe('PUT /rest/api/3/issue/OPS-1');

    await tracker.updateLabels(request.externalId, { add: [], remove: ['+more info please'] });
    expect(jira.issues[0].fields.labels).not.toContain('+more-info-please');
    expect(jira.issues[0].fields.labels).toContain('set-by-a-person');

    await expect(tracker.updateLabels('no-such-task', { add: ['x'], remove: [] })).rejects.toBeInstanceOf(
      NonRetryableTaskError,
    );
  } finally {
    await jira.close();
  }
});

test('JSON lines: relabelled in place, the other tasks as they were', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tracker-labels-'));
  try {
    const tracker = new JsonLinesTracker({ file: path.join(dir, 'tasks.jsonl') });
    await tracker.createTask({ ...request, externalId: 'other', labels: ['discovery'] });
    await tracker.createTask(request);
    await tracker.updateLabels(request.externalId, { add: ['+more info please', 'ceres'], remove: [] });
    expect((await tracker.readAll()).map((task) => task.labels)).toEqual([
      ['discovery'],
      ['customer request', 'ceres', '+more info please'],
    ]);
    await tracker.updateLabels(request.externalId, { add: [], remove: ['+more info please'] });
    expect((await tracker.readAll())[1].labels).toEqual(['customer request', 'ceres']);
    await expect(tracker.updateLabels('no-such-task', { add: ['x'], remove: [] })).rejects.toThrow(
      'No task with external id no-such-task',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
