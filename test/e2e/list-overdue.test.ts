import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLIENT_OWNER, FOLLOW_UP_DUE, FOLLOW_UP_OVERDUE, LEAD_IDLE } from '../../workflows/search-attributes';
import { runCliWith } from '../support/cli';
import { startDevServer } from '../support/servers';

test('list --overdue shows only leads with an overdue follow-up, with their lead owner and dates in UTC', async () => {
  const env = await startDevServer();
  try {
    // Leads as visibility sees them; nobody polls this task queue, so their search attributes stay as started.
    const taskQueue = `no-worker-${randomUUID()}`;
    const start = (workflowId: string, overdue: boolean) =>
      env.client.workflow.start('customerLifecycle', {
        workflowId,
        taskQueue,
        args: [],
        memo: { leadName: 'Ana Silva', organisation: 'Acme Academy', owner: 'sam@example.com' },
        typedSearchAttributes: [
          { key: FOLLOW_UP_OVERDUE, value: overdue },
          { key: LEAD_IDLE, value: false },
          { key: CLIENT_OWNER, value: 'dev@example.com' },
          { key: FOLLOW_UP_DUE, value: new Date('2026-12-10T09:30:00Z') },
        ],
      });
    await start('lead-overdue', true);
    await start('lead-on-time', false);

    let run = await runCliWith(env.client, ['list', '--overdue']);
    // Visibility is eventually consistent: wait until the overdue lead is listed at all.
    for (let attempt = 0; attempt < 50 && !run.stdout.includes('lead-overdue'); attempt++) {
      await sleep(200);
      run = await runCliWith(env.client, ['list', '--overdue']);
    }
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = run.stdout.trim().split('\n');
    expect(header).toMatch(/Lead owner\s+Client owner\s+Follow-up due\s+Overdue\s+Idle/);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(
      /^lead-overdue\s+Acme Academy\s+.*sam@example\.com\s+dev@example\.com\s+2026-12-10 09:30 UTC\s+overdue/,
    );
  } finally {
    await env.teardown();
  }
});
