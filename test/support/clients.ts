import { completeGate, getLeadState, leadHandle, startLead } from '../../client/lifecycle';
import type { GateRequest } from '../../workflows/gates';
import { invoicesMade } from '../../workflows/carried-state';
import { reviewInvoiceUpdate } from '../../workflows/messages';
import type { LifecycleState } from '../../workflows/state';
import { aLead, gatesToBilling } from './leads';
import { eventually } from './poll';
import type { TestServer } from './test-server';

export const [qualify, assess, blueprint, fixedProposal, close] = gatesToBilling as [
  GateRequest,
  GateRequest,
  GateRequest,
  GateRequest,
  Extract<GateRequest, { stage: 'close' }>,
];

export const iterativeProposal: GateRequest = {
  stage: 'proposal',
  by: 'bizdev@example.com',
  evidence: {
    proposalUrl: 'https://proposals.example.com/hedera',
    pricing: { pricing: 'iterative', monthlyHours: 40 },
  },
};

/** A Hedera lead taken through every sales gate to a closed deal: a client in Development. */
export async function closeAsClient(
  server: TestServer,
  taskQueue: string,
  proposalGate: GateRequest,
  closeEvidence = {},
  continueAsNewAfterEvents?: number,
): Promise<string> {
  const { client } = server.env;
  const { workflowId } = await startLead(client, aLead(), { taskQueue, continueAsNewAfterEvents });
  for (const gate of [qualify, assess, blueprint, proposalGate]) await completeGate(client, workflowId, gate);
  await completeGate(client, workflowId, { ...close, evidence: { ...close.evidence, ...closeEvidence } });
  return workflowId;
}

/** Skips to just after the next monthly run and waits for its invoice to be drafted. */
export async function nextInvoice(
  server: TestServer,
  workflowId: string,
  invoicesBefore: number,
): Promise<LifecycleState> {
  const { billing } = await getLeadState(server.env.client, workflowId);
  const wait = Date.parse(billing.nextRunAt ?? '') - (await server.env.currentTimeMs()) + 60_000;
  await server.env.sleep(Math.max(wait, 1));
  return eventually(
    () => getLeadState(server.env.client, workflowId),
    (state) => invoicesMade(state) > invoicesBefore,
  );
}

export function approveInvoice(server: TestServer, workflowId: string, invoiceId: string): Promise<LifecycleState> {
  return leadHandle(server.env.client, workflowId).executeUpdate(reviewInvoiceUpdate, {
    args: [{ invoiceId, approved: true, by: 'admin@example.com' }],
  });
}
