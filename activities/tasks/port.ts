import type { SprintWindow } from '../../rules/sprint-status';
import type { SprintTickets } from '../../rules/sprint-updates';

export interface TaskRequest {
  /** Same id, same task: creating twice returns the first task. */
  externalId: string;
  summary: string;
  description: string;
  assignee: string;
  /** ISO date (YYYY-MM-DD). */
  dueDate: string;
  /** Original estimate or timebox, in hours. */
  estimateHours: number;
  labels?: string[];
}

export interface CreatedTask {
  key: string;
  url: string;
  /** False when the task already existed. */
  created: boolean;
}

/** Labels to add to and remove from a task; adding one it has, or removing one it lacks, changes nothing. */
export interface LabelChange {
  add: string[];
  remove: string[];
}

/** One client's tickets in one sprint. */
export interface SprintTicketQuery {
  /** The label that marks the client's tickets: its mailing-list label, or its codename if it asked for anonymity. */
  clientLabel: string;
  sprint: SprintWindow;
}

/** The team's task tracker: Jira Cloud in production, a JSON-lines file by default. */
export interface TaskTracker {
  createTask(request: TaskRequest): Promise<CreatedTask>;
  /** Relabels the task created with `externalId` (handbook 004's "+" labels come and go); no such task: an error. */
  updateLabels(externalId: string, change: LabelChange): Promise<void>;
  /** The client's tickets the sprint's status names: planned, done and waiting on the client (classifySprintTickets). */
  sprintTickets(query: SprintTicketQuery): Promise<SprintTickets>;
}
