import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { WORKFLOW_BUNDLE_PATH } from '../support/servers';
import { readHistoryFiles } from './history-files';

const histories = readHistoryFiles();
const workflowBundle = () => ({ code: readFileSync(WORKFLOW_BUNDLE_PATH, 'utf8') });

test('the committed histories cover every recorded path', () => {
  const scenarios = new Set(histories.map((entry) => entry.file.split('.')[0]));
  expect([...scenarios].sort()).toEqual(
    expect.arrayContaining([
      'continued-as-new',
      'declined-rfp',
      'first-contact-greeting',
      'fixed-price-won',
      'iterative-two-months',
      'lean-history',
      'lean-tasks',
      'meeting-etiquette-rescheduled',
      'meeting-no-show',
      'meeting-with-recording',
      'nurture-recheck',
      'paid-discovery-billed-by-gate',
      'sprint-status-iterative',
      'support-escalated',
    ]),
  );
});

/**
 * Every committed history, replayed against today's workflow bundle: a change that running leads could not survive
 * fails the test named after the history it breaks.
 */
test.each(histories.map((entry) => [entry.file, entry] as const))(
  '%s replays against the current workflow code',
  (_file, entry) =>
    expect(
      Worker.runReplayHistory({ workflowBundle: workflowBundle() }, entry.history, entry.workflowId),
    ).resolves.toBeUndefined(),
);

test('a history the code no longer matches fails the replay with a nondeterminism error', async () => {
  // A fresh copy: the other tests replay the untouched one, in whatever order they run.
  const entry = readHistoryFiles().find((candidate) => candidate.file === 'fixed-price-won.lead.json');
  if (!entry) throw new Error('fixed-price-won.lead.json is missing');
  const scheduled = entry.history.events?.find((event) => event.activityTaskScheduledEventAttributes);
  const activityType = scheduled?.activityTaskScheduledEventAttributes?.activityType;
  if (!activityType) throw new Error('the fixed-price history schedules no activity');
  // As if an old deploy had called an activity today's code no longer calls at that point.
  activityType.name = 'anActivityThatNoLongerExists';
  await expect(
    Worker.runReplayHistory({ workflowBundle: workflowBundle() }, entry.history, entry.workflowId),
  ).rejects.toBeInstanceOf(DeterminismViolationError);
});
