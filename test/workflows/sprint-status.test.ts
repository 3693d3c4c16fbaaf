import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { TaskRequest } from '../../activities/tasks/port';
import { sprintStatusScheduleId, type SprintStatusInput } from '../../rules/sprint-status';
import { currentSprint } from '../../rules/sprint-updates';
import { clientSprintStatus } from '../../workflows/sprint-status';
import { timeSkippingServerPerTest } from '../support/test-server';
import { finishTask } from '../support/tracker';
import { COMPANY_DOMAIN } from '../support/worker';

const OWNER = 'olga@example.com';

/** A client of the test's own: its lead, and so its schedule's and emails' workflow ids, are used by no other test. */
function aClient(overrides: Partial<SprintStatusInput> = {}): SprintStatusInput {
  return {
    leadWorkflowId: `lead-ana.${randomUUID()}@acme.example`,
    clientName: 'Ana Silva',
    clientEmail: 'ana@acme.example',
    organisation: 'Acme Academy',
    mailingListLabel: 'acme',
    clientOwner: OWNER,
    sprint: { start: '2026-01-05', lengthDays: 14 },
    ...overrides,
  };
}

/** What a Schedule names each firing: its id plus the scheduled time. */
function firingId(client: SprintStatusInput, at: string): string {
  return `${sprintStatusScheduleId(client.leadWorkflowId)}-${at}`;
}

// The Java test server answers CreateSchedule with UNIMPLEMENTED, so the workflow each firing starts is run here
// directly, as a firing would; the schedule itself is tested on the dev server (test/e2e/sprint-status-schedule).
describe('clientSprintStatus on the time-skipping server', () => {
  const suite = timeSkippingServerPerTest('sprint-status');

  /**
   * Runs a firing through an ordinary client: the test environment's own would let the server skip time while it
   * waits (years, with no timer to stop at), and these tests need the clock to stay in the sprint they set up.
   */
  const firing: Client['workflow']['execute'] = (workflow, options) =>
    new Client({ connection: suite.env.connection, namespace: suite.env.namespace }).workflow.execute(
      workflow,
      options,
    );

  /** The sprint the server's clock is in, and days of it as YYYY-MM-DD. */
  async function thisSprint(client: SprintStatusInput) {
    const sprint = currentSprint(client.sprint, new Date(await suite.env.currentTimeMs()));
    const day = (offset: number) =>
      new Date(Date.parse(`${sprint.start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    return { ...sprint, day };
  }

  /** A ticket in this test's own tracker, as the engine or a person would have filed it; `doneOn`: finished then. */
  async function fileTicket(summary: string, labels: string[], dueDate: string, doneOn?: string): Promise<void> {
    const request: TaskRequest = {
      externalId: randomUUID(),
      summary,
      description: summary,
      assignee: 'dev@example.com',
      dueDate,
      estimateHours: 2,
      labels,
    };
    const created = await suite.adapters.tasks.createTask(request);
    if (doneOn) await finishTask(suite.adapters.tasks, created.key, doneOn);
  }

  test('emails the sprint as a bulleted list, waiting first, CC help+label@ and the owner; a second firing sends nothing more', () =>
    suite.run(async (taskQueue) => {
      const client = aClient();
      const sprint = await thisSprint(client);
      await fileTicket('SSO login', ['acme'], sprint.day(2), sprint.day(1));
      await fileTicket('Your logo files', ['customer request', 'acme', '+more info please'], sprint.day(3));
      await fileTicket('Bulk enrolment', ['acme'], sprint.day(9));
      await fileTicket('Next sprint work', ['acme'], sprint.day(20));
      await fileTicket('Globex work', ['globex'], sprint.day(4));

      const first = await firing(clientSprintStatus, {
        taskQueue,
        workflowId: firingId(client, `${sprint.lastDay}T09:00:00Z`),
        args: [client],
      });
      expect(first).toMatchObject({
        sprintStart: sprint.start,
        sprintLastDay: sprint.lastDay,
        sent: true,
        tickets: { planned: ['Bulk enrolment'], done: ['SSO login'], waitingOnClient: ['Your logo files'] },
      });

      const mails = await suite.outbox();
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail.to).toEqual(['ana@acme.example']);
      expect(mail.cc).toEqual([`help+acme@${COMPANY_DOMAIN}`, OWNER]);
      expect(mail.replyTo).toEqual([OWNER]);
      expect(mail.subject).toBe(`Sprint update: Acme Academy, ${sprint.start} to ${sprint.lastDay}`);
      expect(mail.text).toContain(
        'Waiting on you:\n\n- Your logo files\n\nDone this sprint:\n\n- SSO login\n\nPlanned for this sprint:\n\n- Bulk enrolment',
      );
      expect(mail.text).not.toContain('Next sprint work');
      expect(mail.text).not.toContain('Globex');

      // A trigger by hand later the same sprint, or a duplicated firing: same client, same sprint, no second email.
      const again = await firing(clientSprintStatus, {
        taskQueue,
        workflowId: firingId(client, `${sprint.lastDay}T15:30:00Z`),
        args: [client],
      });
      expect(again).toMatchObject({ sent: false, emailWorkflowId: first.emailWorkflowId });
      expect(again.reason).toMatch(/already sent/);
      expect(await suite.outbox()).toHaveLength(1);
    }));

  test('a sprint with no ticket for the client sends nothing and says why', () =>
    suite.run(async (taskQueue) => {
      const client = aClient();
      const sprint = await thisSprint(client);
      await fileTicket('Globex work', ['globex'], sprint.day(4));
      await fileTicket('Old work', ['acme'], sprint.day(-10), sprint.day(-9));

      const result = await firing(clientSprintStatus, {
        taskQueue,
        workflowId: firingId(client, `${sprint.lastDay}T09:00:00Z`),
        args: [client],
      });
      expect(result).toMatchObject({ sent: false, tickets: { planned: [], done: [], waitingOnClient: [] } });
      expect(result.reason).toBe(
        `no ticket labelled acme was planned, done or waiting on the client from ${sprint.start} to ${sprint.lastDay}: ` +
          'an empty list tells the client nothing',
      );
      expect(await suite.outbox()).toEqual([]);
    }));

  test("an anonymous client's tickets are found under its codename", () =>
    suite.run(async (taskQueue) => {
      // SUPPORT_CODENAMES in the test worker: hush is Ceres on the tracker.
      const client = aClient({ mailingListLabel: 'hush', organisation: 'Hush Corp', clientEmail: 'cto@hush.example' });
      const sprint = await thisSprint(client);
      await fileTicket('Customer request (ceres): export', ['customer request', 'ceres'], sprint.day(5));

      const result = await firing(clientSprintStatus, {
        taskQueue,
        workflowId: firingId(client, `${sprint.lastDay}T09:00:00Z`),
        args: [client],
      });
      expect(result).toMatchObject({ sent: true, tickets: { planned: ['Customer request (ceres): export'] } });
      expect((await suite.outbox()).map((mail) => mail.cc)).toEqual([[`help+hush@${COMPANY_DOMAIN}`, OWNER]]);
    }));
});
