import type { LifecycleState } from './state';
import type { Transition } from './transitions';

export interface DiscoveryScheduled {
  assignee: string;
  via: 'discovery-duty' | 'next-sprint';
  dueDate: string;
  taskKey: string;
  taskUrl: string;
}

export function discoveryScheduled(state: LifecycleState, scheduled: DiscoveryScheduled): Transition {
  return {
    state: { ...state, ...(state.discovery ? { discovery: { ...state.discovery, scheduled } } : {}) },
    summary:
      scheduled.via === 'discovery-duty'
        ? `Discovery assigned to ${scheduled.assignee} (Discovery Duty), task ${scheduled.taskKey}`
        : `Nobody on Discovery Duty was free: discovery scheduled for the sprint starting ${scheduled.dueDate}, task ${scheduled.taskKey}`,
  };
}
