/**
 * Reads a workflow history the way the issue asks: how many events of each type, and which of them bought nothing.
 * An upsert that sets every attribute to the value it already had, and a timer cancelled only to be started again
 * for the same wake-up time, are the two kinds of excess the lifecycle is suspected of.
 */
import type { temporal } from '@temporalio/proto';
import { temporal as proto } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;

const EventType = proto.api.enums.v1.EventType;

/** Timers whose wake-up times differ by less than this are the same wake-up: `now` in a task is its start time. */
const SAME_WAKE_UP_MS = 1000;

export interface HistoryCosts {
  events: number;
  byType: Record<string, number>;
  /** The history's size as the server stores it (each event encoded), in bytes, and by event type. */
  bytes: number;
  bytesByType: Record<string, number>;
  /** Upserts that changed no attribute, by what the workflow was handling when it made them. */
  unchangedUpserts: Record<string, number>;
  /** Upserted attributes that kept their value, over all upserts, by attribute name. */
  unchangedAttributeWrites: Record<string, number>;
  /** Timers cancelled and started again in the same workflow task for the same wake-up time, by trigger. */
  timersRestartedForSameWakeUp: Record<string, number>;
  /** Activities scheduled at start (index 0) and inside each accepted Update (index i: the i-th Update). */
  activitiesAt: number[];
}

function typeName(event: HistoryEvent): string {
  const name = EventType[event.eventType ?? 0] ?? `EVENT_TYPE_${String(event.eventType)}`;
  return name.replace(/^EVENT_TYPE_/, '');
}

function decoded(payload: Payload | null | undefined): unknown {
  if (!payload?.data) return null;
  return JSON.parse(Buffer.from(payload.data).toString('utf8')) as unknown;
}

function millis(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!time) return 0;
  return Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}

function add(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

export function historyCosts(events: HistoryEvent[]): HistoryCosts {
  const costs: HistoryCosts = {
    events: events.length,
    byType: {},
    bytes: 0,
    bytesByType: {},
    unchangedUpserts: {},
    unchangedAttributeWrites: {},
    timersRestartedForSameWakeUp: {},
    activitiesAt: [0],
  };
  const attributes = new Map<string, string>();
  const timers = new Map<string, { wakeAt: number; task: string }>();
  let cancelledInTask: { task: string; wakeAt: number }[] = [];
  let trigger = 'start';
  for (const event of events) {
    const type = typeName(event);
    add(costs.byType, type);
    const size = proto.api.history.v1.HistoryEvent.encode(event).finish().length;
    costs.bytes += size;
    add(costs.bytesByType, type, size);
    const task = String(
      event.upsertWorkflowSearchAttributesEventAttributes?.workflowTaskCompletedEventId ??
        event.timerStartedEventAttributes?.workflowTaskCompletedEventId ??
        event.timerCanceledEventAttributes?.workflowTaskCompletedEventId ??
        '',
    );
    switch (type) {
      case 'WORKFLOW_EXECUTION_STARTED': {
        const fields = event.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields ?? {};
        for (const [key, payload] of Object.entries(fields)) attributes.set(key, JSON.stringify(decoded(payload)));
        break;
      }
      case 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED':
        trigger = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? 'update';
        costs.activitiesAt.push(0);
        break;
      case 'WORKFLOW_EXECUTION_SIGNALED':
        trigger = `signal ${event.workflowExecutionSignaledEventAttributes?.signalName ?? ''}`;
        break;
      case 'TIMER_FIRED':
        trigger = 'timer fired';
        break;
      case 'ACTIVITY_TASK_COMPLETED':
        trigger = 'activity completed';
        break;
      case 'ACTIVITY_TASK_SCHEDULED':
        costs.activitiesAt[costs.activitiesAt.length - 1] += 1;
        break;
      case 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES': {
        const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {};
        let changed = false;
        for (const [key, payload] of Object.entries(fields)) {
          const value = JSON.stringify(decoded(payload));
          if (attributes.get(key) === value) add(costs.unchangedAttributeWrites, key);
          else changed = true;
          attributes.set(key, value);
        }
        if (!changed) add(costs.unchangedUpserts, trigger);
        break;
      }
      case 'TIMER_STARTED': {
        const attributesOf = event.timerStartedEventAttributes;
        const wakeAt = millis(event.eventTime) + millis(attributesOf?.startToFireTimeout);
        timers.set(attributesOf?.timerId ?? '', { wakeAt, task });
        cancelledInTask = cancelledInTask.filter((cancelled) => cancelled.task === task);
        const same = cancelledInTask.findIndex((cancelled) => Math.abs(cancelled.wakeAt - wakeAt) < SAME_WAKE_UP_MS);
        if (same >= 0) {
          cancelledInTask.splice(same, 1);
          add(costs.timersRestartedForSameWakeUp, trigger);
        }
        break;
      }
      case 'TIMER_CANCELED': {
        const started = timers.get(event.timerCanceledEventAttributes?.timerId ?? '');
        if (started) cancelledInTask.push({ task, wakeAt: started.wakeAt });
        break;
      }
    }
  }
  return costs;
}

/** Per-type means over several histories of the same path (they differ only when a run raced differently). */
export function meanCosts(all: HistoryCosts[]): HistoryCosts {
  const mean = (pick: (costs: HistoryCosts) => Record<string, number>) => {
    const sums: Record<string, number> = {};
    for (const costs of all) for (const [key, count] of Object.entries(pick(costs))) add(sums, key, count);
    return Object.fromEntries(Object.entries(sums).map(([key, sum]) => [key, sum / all.length]));
  };
  return {
    events: all.reduce((sum, costs) => sum + costs.events, 0) / all.length,
    byType: mean((costs) => costs.byType),
    bytes: all.reduce((sum, costs) => sum + costs.bytes, 0) / all.length,
    bytesByType: mean((costs) => costs.bytesByType),
    unchangedUpserts: mean((costs) => costs.unchangedUpserts),
    unchangedAttributeWrites: mean((costs) => costs.unchangedAttributeWrites),
    timersRestartedForSameWakeUp: mean((costs) => costs.timersRestartedForSameWakeUp),
    activitiesAt: all[0]?.activitiesAt ?? [],
  };
}
