/**
 * The engine's own counters that only the workflow knows of: leads started, and gates completed or rejected per
 * stage. Loaded by the worker as a workflow interceptor module, beside the workflows rather than inside them: it
 * changes nothing a workflow does and adds no command to any history. `metricMeter` drops every value while a
 * workflow replays, so a lead replayed after a worker restart is not counted twice.
 */
import { metricMeter, workflowInfo, type WorkflowInterceptors } from '@temporalio/workflow';
import { getActivator } from '@temporalio/workflow/lib/global-attributes';
import type { LifecycleInput } from './messages';
import type { LifecycleState } from './state';

/** The names the worker's Prometheus endpoint shows, prefixed `lifecycle_`. */
export const ENGINE_WORKFLOW_METRICS = {
  leadsStarted: 'lifecycle_leads_started',
  gatesCompleted: 'lifecycle_gates_completed',
  gatesRejected: 'lifecycle_gates_rejected',
} as const;

const leadsStarted = metricMeter.createCounter(
  ENGINE_WORKFLOW_METRICS.leadsStarted,
  '1',
  'Leads whose lifecycle began',
);
const gatesCompleted = metricMeter.createCounter(
  ENGINE_WORKFLOW_METRICS.gatesCompleted,
  '1',
  'Stage gates completed, by the stage they completed',
);
const gatesRejected = metricMeter.createCounter(
  ENGINE_WORKFLOW_METRICS.gatesRejected,
  '1',
  'Stage gates refused (wrong stage, missing evidence), by the stage named',
);

function stageOf(args: unknown[]): string {
  const stage = (args[0] as { stage?: unknown } | undefined)?.stage;
  return typeof stage === 'string' ? stage : 'unknown';
}

/**
 * How many rejections the lead has recorded, read through its own `state` query handler (read-only). A gate sent
 * as a Signal has no caller to throw at: the workflow records a rejection instead, and this is how it is seen.
 */
function rejectedSoFar(): number | undefined {
  try {
    const handler = getActivator().queryHandlers.get('state')?.handler as (() => LifecycleState) | undefined;
    return handler?.().rejected.length;
  } catch {
    return undefined;
  }
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      async execute(input, next) {
        const lifecycle = input.args[0] as LifecycleInput | undefined;
        // A continued-as-new run carries the state of a lead already counted.
        if (workflowInfo().workflowType === 'customerLifecycle' && lifecycle?.lead && !lifecycle.resume) {
          const kind = lifecycle.project ? 'project' : 'lead';
          const source = typeof lifecycle.lead.source === 'string' ? lifecycle.lead.source : 'unknown';
          leadsStarted.add(1, { kind, source });
        }
        return next(input);
      },
      validateUpdate(input, next) {
        if (input.name !== 'completeGate') return next(input);
        try {
          next(input);
        } catch (error) {
          gatesRejected.add(1, { stage: stageOf(input.args) });
          throw error;
        }
      },
      async handleUpdate(input, next) {
        if (input.name !== 'completeGate') return next(input);
        try {
          const result = await next(input);
          gatesCompleted.add(1, { stage: stageOf(input.args) });
          return result;
        } catch (error) {
          gatesRejected.add(1, { stage: stageOf(input.args) });
          throw error;
        }
      },
      async handleSignal(input, next) {
        if (input.signalName !== 'gate') return next(input);
        const before = rejectedSoFar();
        await next(input);
        const after = rejectedSoFar();
        if (before === undefined || after === undefined) return;
        (after > before ? gatesRejected : gatesCompleted).add(1, { stage: stageOf(input.args) });
      },
    },
  ],
});
