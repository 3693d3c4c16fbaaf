import { getLeadState, leadHandle, startLead } from '../../client/lifecycle';
import { CURRENT_RULES_REVISION, RULES_REVISION_PATCHES } from '../../workflows/patches';
import { aLead } from '../support/leads';
import { timeSkippingServerPerTest } from '../support/test-server';

describe('the rules revision of a new lead', () => {
  const suite = timeSkippingServerPerTest('rules-revision');
  test('is the current one, recorded with one marker that stands for every revision before it', () =>
    suite.run(async (taskQueue) => {
      const { workflowId } = await startLead(suite.env.client, aLead(), { taskQueue });

      expect((await getLeadState(suite.env.client, workflowId)).rulesRevision).toBe(CURRENT_RULES_REVISION);
      const { events } = await leadHandle(suite.env.client, workflowId).fetchHistory();
      const markers = (events ?? []).filter((event) => event.markerRecordedEventAttributes);
      expect(markers).toHaveLength(1);
      const patchIds = (events ?? []).flatMap((event) => {
        const attribute = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
        const changeVersion = attribute?.TemporalChangeVersion?.data;
        return changeVersion ? (JSON.parse(Buffer.from(changeVersion).toString('utf8')) as string[]) : [];
      });
      const current = RULES_REVISION_PATCHES.find(([revision]) => revision === CURRENT_RULES_REVISION)?.[1];
      expect(patchIds).toEqual([current]);
    }));
});
