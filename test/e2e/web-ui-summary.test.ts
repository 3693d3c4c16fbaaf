import { leadHandle, startLead } from '../../client/lifecycle';
import { aLead } from '../support/leads';
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
