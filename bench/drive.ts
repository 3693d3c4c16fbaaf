/**
 * One lead's whole conversation, driven through the same client helpers as the CLI: a fixed-price lead from arrival
 * to Won, and the same sequence of Updates against the bare shape.
 */
import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { completeGate, getLeadState, leadHandle, reportMeeting, reviewInvoice, startLead } from '../client/lifecycle';
import type { MeetingDoneRequest } from '../workflows/meetings';
import { aLead, gatesToBilling } from '../test/support/leads';
import { bareGateUpdate, bareLifecycle, bareMeetingDoneUpdate, bareReviewInvoiceUpdate } from './bare-workflow';

/** How often a driver asks whether the final invoice has been drafted; the bare shape never has to ask. */
const DRAFT_POLL_MS = 25;

export function introMeeting(recording: string): MeetingDoneRequest {
  return {
    title: 'Intro call',
    by: 'sales@example.com',
    senderName: 'Sam Sales',
    discussed: ['Micro-degree programme', 'SSO integration'],
    nextSteps: ['Send the requirements list', 'Book the discovery'],
    recording,
  };
}

const approval = { approved: true, by: 'admin@example.com' };

/** Arrival to Won on a fixed price: a meeting with its summary, upload and follow-up, six gates, the invoice approved. */
export async function driveLifecycle(client: Client, taskQueue: string, recording: string): Promise<string> {
  const { workflowId } = await startLead(client, aLead(), { taskQueue });
  await reportMeeting(client, workflowId, introMeeting(recording));
  for (const gate of gatesToBilling) await completeGate(client, workflowId, gate);
  let invoiceId: string | undefined;
  while (!invoiceId) {
    invoiceId = (await getLeadState(client, workflowId)).billing.pending[0]?.invoiceId;
    if (!invoiceId) await sleep(DRAFT_POLL_MS);
  }
  await reviewInvoice(client, workflowId, { invoiceId, ...approval });
  await leadHandle(client, workflowId).result();
  return workflowId;
}

/** The same Updates, in the same order, with the same arguments, against the bare shape. */
export async function driveBare(
  client: Client,
  taskQueue: string,
  recording: string,
  activitiesAt: number[],
): Promise<string> {
  const handle = await client.workflow.start(bareLifecycle, {
    taskQueue,
    workflowId: `bare-${aLead().email}`,
    args: [{ activitiesAt }],
  });
  await handle.executeUpdate(bareMeetingDoneUpdate, { args: [introMeeting(recording)] });
  for (const gate of gatesToBilling) await handle.executeUpdate(bareGateUpdate, { args: [gate] });
  await handle.executeUpdate(bareReviewInvoiceUpdate, { args: [{ invoiceId: 'INV-bare', ...approval }] });
  await handle.result();
  return handle.workflowId;
}
