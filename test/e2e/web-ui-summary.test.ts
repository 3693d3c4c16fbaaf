import { defaultPayloadConverter } from '@temporalio/common';
import { leadHandle, scheduleFollowUp, startLead } from '../../client/lifecycle';
import { aLead } from '../support/leads';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';

const suite = testServer('shared', startDevServer, 'web-ui-summary');

test("the Web UI's workflow list and the lead's page say who the lead is, not only its id", () =>
  suite.run(async (taskQueue) => {
    const lead = aLead({
      name: 'Ana Silva',
      organisation: 'Acme Academy',
      source: 'website',
      owner: 'sam@example.com',
    });
    await startLead(suite.env.client, lead, { taskQueue });
    const described = await leadHandle(suite.env.client, lead.email).describe();
    expect(await described.staticSummary()).toBe('Ana Silva, Acme Academy (website)');
    expect(await described.staticDetails()).toBe(
      [
        `**Ana Silva**, Acme Academy <${lead.email}>`,
        'Source: website',
        'Owner: sam@example.com',
        'Mailing list: help+hedera@',
      ].join('\n\n'),
    );
  }));

test("the lead's page shows where it stands, and its timer says what it waits for", () =>
  suite.run(async (taskQueue) => {
    const { client } = suite.env;
    const lead = aLead({ name: 'Ana Silva', organisation: 'Acme Academy', owner: 'sam@example.com' });
    const { workflowId } = await startLead(client, lead, { taskQueue });
    await scheduleFollowUp(client, workflowId, { reason: 'Send the quote', inDays: 7 });
    const handle = leadHandle(client, workflowId);

    const metadata = await eventually(
      () => handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata'),
      (result) => result.currentDetails?.includes('Send the quote') === true,
    );
    expect(metadata.currentDetails).toContain('**Prospect Qualification** since');
    expect(metadata.currentDetails).toContain('Owners: lead owner sam@example.com');
    expect(metadata.currentDetails).toMatch(
      /Next follow-up: \d{4}-\d\d-\d\d \d\d:\d\d UTC, Send the quote \(sam@example.com\)/,
    );
    expect(metadata.currentDetails).toContain(
      "greeting with the standard hosting/support quote: waiting for the owner's approval",
    );

    const timerSummaries = await eventually(
      async () => {
        const history = await handle.fetchHistory();
        return (history.events ?? [])
          .filter((event) => event.timerStartedEventAttributes)
          .map((event) => event.userMetadata?.summary)
          .filter((summary) => summary !== undefined && summary !== null)
          .map((summary) => defaultPayloadConverter.fromPayload<string>(summary));
      },
      (summaries) => summaries.includes('Follow-up with Ana Silva: Send the quote'),
    );
    expect(timerSummaries).toContain('Follow-up with Ana Silva: Send the quote');
  }));
