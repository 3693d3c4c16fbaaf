import type { LifecycleState } from './state';
import type { Transition } from './transitions';

export interface DiscoveryScheduled {
  assignee: string;
  via: 'discovery-duty' | 'next-sprint' | 'client-owner';
  dueDate: string;
  taskKey: string;
  taskUrl: string;
}

export function discoveryScheduled(state: LifecycleState, scheduled: DiscoveryScheduled): Transition {
  return {
    state: { ...state, ...(state.discovery ? { discovery: { ...state.discovery, scheduled } } : {}) },
    summary:
      scheduled.via === 'next-sprint'
        ? `Nobody on Discovery Duty was free: discovery scheduled for the sprint starting ${scheduled.dueDate}, task ${scheduled.taskKey}`
        : `Discovery assigned to ${scheduled.assignee} (${scheduled.via === 'client-owner' ? 'client owner' : 'Discovery Duty'}), task ${scheduled.taskKey}`,
  };
}
