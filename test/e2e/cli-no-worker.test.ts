import { startLead } from '../../client/lifecycle';
import { runCliWith } from '../support/cli';
import { aLead, BY, hederaScores } from '../support/leads';
import { startTimeSkippingServer } from '../support/servers';
import { testServer } from '../support/test-server';

const suite = testServer('each test', startTimeSkippingServer, 'cli-no-worker');

test('with no worker running, a gate gives up after CLI_TIMEOUT_SECONDS and says what to do', async () => {
  // A task queue no worker polls: nothing will ever answer the Update.
  const { lead } = await startLead(suite.env.client, aLead(), { taskQueue: `nobody-polls-${Date.now()}` });
  const run = await runCliWith(
    suite.env.client,
    [
      'gate',
      lead.email,
      'prospect-qualification',
      '--by',
      BY,
      '--evidence',
      JSON.stringify({ scores: hederaScores, responsive: true }),
    ],
    { env: { CLI_TIMEOUT_SECONDS: '2' } },
  );
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('no answer within 2 s: is a worker running');
  expect(run.stderr).toContain('check with `status` before repeating it');
});
