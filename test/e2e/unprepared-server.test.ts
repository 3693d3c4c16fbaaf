import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { runCliWith } from '../support/cli';
import { aLead } from '../support/leads';

/** A real dev server started without the project's search attributes: a fresh cluster nobody has set up yet. */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_CLI_PATH ?? 'temporal' } },
  });
});
afterAll(async () => {
  await env?.teardown();
});

function startArgs(email: string): string[] {
  return [
    'start',
    '--name',
    'Ana',
    '--organisation',
    'Acme',
    '--email',
    email,
    '--label',
    'acme',
    '--source',
    'website',
  ];
}

test('start on a server without the search attributes names the missing one and the command that adds it', async () => {
  const run = await runCliWith(env.client, ['--address', 'cluster.internal:7233', ...startArgs(aLead().email)]);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(
    /error: the Temporal server at cluster.internal:7233 does not know the search attribute \w+ in namespace 'default'/,
  );
  expect(run.stderr).toContain(
    'Register them with `npm run register-search-attributes` (TEMPORAL_ADDRESS=cluster.internal:7233 TEMPORAL_NAMESPACE=default)',
  );
});

test('start in a namespace the server does not have says so, with the fix', async () => {
  const client = new Client({ connection: env.connection, namespace: 'sales' });
  const run = await runCliWith(client, ['--namespace', 'sales', ...startArgs(aLead().email)]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`error: the Temporal server at localhost:7233 has no namespace 'sales'`);
  expect(run.stderr).toContain('create them with `npm run register-search-attributes`');
});
