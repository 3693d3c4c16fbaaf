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

/** The team's task tracker: Jira Cloud in production, a JSON-lines file by default. */
export interface TaskTracker {
  createTask(request: TaskRequest): Promise<CreatedTask>;
  /** Relabels the task created with `externalId` (handbook 004's "+" labels come and go); no such task: an error. */
  updateLabels(externalId: string, change: LabelChange): Promise<void>;
}
