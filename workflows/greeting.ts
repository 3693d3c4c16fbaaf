import { z } from 'zod';
import { greetingKindFor } from '../rules/greeting';
import type { PriorityCategory } from '../rules/rubric';
import { emailAddress, InvalidInputError, parseInput } from '../rules/validation';
import { followsRevision } from './patches';
import { GREETING_LABEL } from './greeting-description';
import type { FirstContactGreeting, LifecycleState } from './state';

/** The same shape as transitions.ts's Transition, declared here so the two modules do not import each other. */
interface Transition {
  state: LifecycleState;
  summary: string;
}

/** Rules revision 2 (workflows/patches.ts): the first-contact greeting the owner approves. */
export const GREETING_REVISION = 2;

export { describeGreeting } from './greeting-description';

const greetingDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'skip'], { error: "must be 'approve' (send it) or 'skip' (do not send)" }),
    by: emailAddress("must be the email of the lead's owner"),
    /** A personal line the owner adds to the greeting, or why it is skipped. */
    note: z.string().max(2_000, { message: 'must be at most 2000 characters' }).optional(),
  })
  .strict();
export type GreetingDecision = z.input<typeof greetingDecisionSchema>;

/** A new lead's greeting, drafted for its owner to approve: nothing reaches the client until someone does. */
export function draftGreeting(
  state: LifecycleState,
  category: PriorityCategory | undefined,
  now: Date,
): LifecycleState {
  const kind = greetingKindFor(category);
  const greeting: FirstContactGreeting = { kind, status: 'awaiting-approval', draftedAt: now.toISOString() };
  return { ...state, greeting };
}

/**
 * The greeting follows the lead's score: scored Low before the quote went out, the draft becomes the P&T plan; the
 * quote already sent, the P&T plan is drafted as a second message. Leads under older rules are left alone.
 */
export function regreetAfterScoring(state: LifecycleState, now: Date): LifecycleState {
  if (!followsRevision(state, GREETING_REVISION) || !state.greeting || !state.rubric) return state;
  const kind = greetingKindFor(state.rubric.category);
  if (kind === state.greeting.kind || state.greeting.status === 'skipped') return state;
  return draftGreeting(state, state.rubric.category, now);
}

/** Who may decide: the lead's owner when it has one, anyone on the team otherwise. */
function greetingOwner(state: LifecycleState): string | undefined {
  return state.lead.owner;
}

export function checkGreetingDecision(
  state: LifecycleState,
  request: unknown,
): { decision: z.output<typeof greetingDecisionSchema>; greeting: FirstContactGreeting } {
  const decision = parseInput(greetingDecisionSchema, request, 'greeting decision');
  const { greeting } = state;
  if (!greeting || greeting.status !== 'awaiting-approval') {
    const why = greeting ? `it was already ${greeting.status}` : 'this lead has no greeting to approve';
    throw new InvalidInputError('Greeting decision rejected', [{ field: 'decision', message: why }]);
  }
  const owner = greetingOwner(state);
  if (owner && owner.toLowerCase() !== decision.by.toLowerCase()) {
    throw new InvalidInputError('Greeting decision rejected', [
      { field: 'by', message: `only the lead's owner ${owner} approves its greeting` },
    ]);
  }
  return { decision, greeting };
}

export function greetingSkipped(state: LifecycleState, by: string, note: string | undefined, now: Date): Transition {
  const greeting = state.greeting;
  if (!greeting) return { state, summary: 'No greeting to skip' };
  return {
    state: {
      ...state,
      greeting: {
        ...greeting,
        status: 'skipped',
        decidedBy: by,
        decidedAt: now.toISOString(),
        ...(note ? { note } : {}),
      },
    },
    summary: `Greeting with ${GREETING_LABEL[greeting.kind]} skipped by ${by}`,
  };
}

export function greetingSent(state: LifecycleState, by: string, note: string | undefined, sentAt: string): Transition {
  const greeting = state.greeting;
  if (!greeting) return { state, summary: 'No greeting to send' };
  return {
    state: {
      ...state,
      greeting: { ...greeting, status: 'sent', decidedBy: by, decidedAt: sentAt, ...(note ? { note } : {}) },
    },
    summary: `Greeting with ${GREETING_LABEL[greeting.kind]} sent to ${state.lead.email}, approved by ${by}`,
  };
}
