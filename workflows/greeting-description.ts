/** A greeting in words, apart from the decision's schema: `status` shows it without loading zod. */
import type { GreetingKind } from '../rules/greeting';
import type { FirstContactGreeting } from './state';

export const GREETING_LABEL: Record<GreetingKind, string> = {
  'hosting-quote': 'the standard hosting/support quote',
  'pt-plan': 'the P&T plan',
};

export function describeGreeting(greeting: FirstContactGreeting): string {
  const what = `greeting with ${GREETING_LABEL[greeting.kind]}`;
  if (greeting.status === 'awaiting-approval') return `${what}: waiting for the owner's approval`;
  return `${what}: ${greeting.status} by ${greeting.decidedBy ?? 'unknown'} on ${(greeting.decidedAt ?? '').slice(0, 10)}`;
}
