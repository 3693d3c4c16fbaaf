import { checkGreetingDecision, greetingSent, greetingSkipped, type GreetingDecision } from '../greeting';
import type { LifecycleState } from '../state';
import type { LeadContext } from './context';
import { outsideSystems } from './outside-systems';

/** The owner's decision on the lead's first contact: skipped, or sent to the lead once and recorded. */
export async function decideGreeting(ctx: LeadContext, request: GreetingDecision): Promise<LifecycleState> {
  const { decision, greeting } = checkGreetingDecision(ctx.state(), request);
  if (decision.decision === 'skip')
    return ctx.commit(greetingSkipped(ctx.state(), decision.by, decision.note, new Date()));
  const { lead } = ctx.state();
  await outsideSystems.sendGreeting({
    idempotencyKey: ctx.keyFor(`greeting/${greeting.kind}`),
    kind: greeting.kind,
    clientEmail: lead.email,
    clientName: lead.name,
    organisation: lead.organisation,
    mailingListLabel: lead.mailingListLabel,
    owner: decision.by,
    ...(decision.note ? { note: decision.note } : {}),
  });
  // Two approvals at once send one email (one Message-ID); only the first records it.
  if (ctx.state().greeting?.status !== 'awaiting-approval') return ctx.state();
  return ctx.commit(greetingSent(ctx.state(), decision.by, decision.note, new Date().toISOString()));
}
