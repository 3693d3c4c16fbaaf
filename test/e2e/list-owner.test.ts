import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LeadSummary } from '../../client/lifecycle';
import { CLIENT_OWNER } from '../../workflows/search-attributes';
import { runCliWith } from '../support/cli';
import { startDevServer } from '../support/servers';

test('list --owner matches an owner with a quote exactly, and a backslash and quote cannot break or widen the query', async () => {
  const env = await startDevServer();
  try {
    // Leads as visibility sees them; nobody polls this task queue, so their search attributes stay as started.
    const taskQueue = `no-worker-${randomUUID()}`;
    const start = (workflowId: string, owner: string) =>
      env.client.workflow.start('customerLifecycle', {
        workflowId,
        taskQueue,
        args: [],
        typedSearchAttributes: [{ key: CLIENT_OWNER, value: owner }],
      });
    const tricky = "o'brien@example.com";
    await start('lead-tricky', tricky);
    await start('lead-other', 'other@example.com');

    const list = async (owner: string) => {
      const run = await runCliWith(env.client, ['--json', 'list', '--owner', owner]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      return (JSON.parse(run.stdout) as LeadSummary[]).map((lead) => lead.workflowId).sort();
    };
    // Visibility is eventually consistent: wait until both leads are listed at all.
    for (let attempt = 0; attempt < 50 && (await list('other@example.com')).length === 0; attempt++) await sleep(200);

    expect(await list(tricky)).toEqual(['lead-tricky']);
    // A backslash before a quote used to escape the escaping backslash, ending the literal early: the rest became
    // query syntax, and the query failed. Escaped properly, it is one literal that matches no owner.
    expect(await list(String.raw`x\' OR WorkflowType = 'customerLifecycle`)).toEqual([]);
    expect(await list('x\\')).toEqual([]);
  } finally {
    await env.teardown();
  }
});
