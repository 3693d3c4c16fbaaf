import { log } from '@temporalio/workflow';
import { isUndecodable, UNDECODABLE } from '../payload-converter';
import type { Transition } from '../transitions';
import type { LeadContext } from './context';
import { failureMessage } from './failure-message';

/** Signals rejected and kept on the lead for people to see; older ones are dropped. */
export const MAX_KEPT_REJECTIONS = 20;

/**
 * A signal has no caller to answer: a rejection is kept on the lead instead of being thrown away, shortened and
 * with only the latest kept, so no sender can grow the lead without bound or wedge it with a handler that throws.
 */
export function commitSignal(
  ctx: LeadContext,
  signal: string,
  request: unknown,
  transition: (request: unknown) => Transition,
): void {
  if (isUndecodable(request)) {
    keepRejection(ctx, `${signal} (undecodable)`, `the Signal's payload could not be decoded: ${request[UNDECODABLE]}`);
    return;
  }
  try {
    ctx.commit(transition(request));
  } catch (error) {
    keepRejection(
      ctx,
      `${signal} ${fieldText(request, signal === 'gate' ? 'stage' : 'outcome')}`,
      failureMessage(error),
    );
  }
}

function keepRejection(ctx: LeadContext, change: string, reason: string): void {
  const rejection = { at: new Date().toISOString(), change: shorten(change, 100), reason: shorten(reason, 500) };
  const state = ctx.state();
  ctx.amend({ ...state, rejected: [...state.rejected, rejection].slice(-MAX_KEPT_REJECTIONS) });
  log.warn('Rejected signal', { change: rejection.change, reason: rejection.reason });
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** A field of an untrusted request, as text that cannot throw however the request was built. */
function fieldText(request: unknown, field: string): string {
  const value =
    typeof request === 'object' && request !== null ? (request as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? shorten(value, 60) : `(${typeof value})`;
}
