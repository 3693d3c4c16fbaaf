/** `POST /support-requests` over real HTTP on loopback, against a dev server and a worker. */
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { supportRequestStateQuery, supportRequestWorkflowId } from '../../workflows/support-messages';
import { eventually } from '../support/poll';
import { startDevServer } from '../support/servers';
import { testServer } from '../support/test-server';
import { startTestIntake, type Intake } from './support';

const server = testServer('shared', startDevServer, 'intake-support');

async function withIntake<T>(body: (intake: Intake) => Promise<T>): Promise<T> {
  return server.run(async (taskQueue) => {
    const intake = await startTestIntake(server.env.client, taskQueue);
    try {
      return await body(intake);
    } finally {
      await intake.close();
    }
  });
}

test('a signed JSON request opens the workflow once; the same request again is 200 with the same id', () =>
  withIntake(async (intake) => {
    const requestId = `slack-${randomUUID().slice(0, 8)}`;
    const body = JSON.stringify({
      requestId,
      clientLabel: 'acme',
      clientName: 'Acme Academy',
      channel: 'chat',
      level: 'L1',
      text: 'How do I reset a learner password?',
    });
    const first = await intake.post('/support-requests', body);
    const workflowId = supportRequestWorkflowId('acme', requestId);
    expect(first).toMatchObject({ status: 201, body: { workflowId, existing: false } });
    const again = await intake.post('/support-requests', body);
    expect(again).toMatchObject({ status: 200, body: { workflowId, existing: true } });

    const state = await eventually(
      () => server.env.client.workflow.getHandle(workflowId).query(supportRequestStateQuery),
      (current) => current.onCall !== undefined,
    );
    expect(state).toMatchObject({ level: 'L1', status: 'open', onCall: 'cs@example.com', slaHours: 24 });
  }));

test('a form post: the flags read yes, and an incident is opened as one', () =>
  withIntake(async (intake) => {
    const requestId = `form-${randomUUID().slice(0, 8)}`;
    const posted = await intake.post(
      '/support-requests',
      new URLSearchParams({
        requestId,
        clientLabel: 'acme',
        clientName: 'Acme Academy',
        channel: 'email',
        level: 'L3',
        text: 'Production is down',
        incident: 'yes',
      }).toString(),
      { type: 'application/x-www-form-urlencoded' },
    );
    expect(posted.status).toBe(201);
    const state = await server.env.client.workflow
      .getHandle(supportRequestWorkflowId('acme', requestId))
      .query(supportRequestStateQuery);
    expect(state).toMatchObject({ incident: true, level: 'L3', channel: 'email' });
  }));

test('bad input is 400 naming each field, an unsigned post 401, and neither starts anything', () =>
  withIntake(async (intake) => {
    const bad = await intake.post(
      '/support-requests',
      JSON.stringify({
        requestId: 'x',
        clientLabel: 'acme',
        clientName: 'Acme',
        channel: 'pigeon',
        text: '',
        level: 'L1',
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([
      { field: 'channel', message: 'must be one of chat, email, issue' },
      { field: 'text', message: 'is required' },
    ]);
    const unsigned = await intake.post(
      '/support-requests',
      JSON.stringify({
        requestId: 'y',
        clientLabel: 'acme',
        clientName: 'Acme',
        channel: 'chat',
        text: 'hi',
        level: 'L1',
      }),
      { sign: false },
    );
    expect(unsigned.status).toBe(401);
    for (const requestId of ['x', 'y']) {
      await expect(
        server.env.client.workflow.getHandle(supportRequestWorkflowId('acme', requestId)).describe(),
      ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
  }));
