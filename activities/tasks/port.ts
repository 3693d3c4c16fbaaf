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

/** The team's task tracker: Jira Cloud in production, a JSON-lines file by default. */
export interface TaskTracker {
  createTask(request: TaskRequest): Promise<CreatedTask>;
}
