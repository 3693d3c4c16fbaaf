import type { RecordingStore } from './drive/port';
import type { Mailer } from './email/port';
import type { TaskTracker } from './tasks/port';

/** What the activities need from the outside world: each port gets a real or a local adapter from the worker. */
export interface ActivityDeps {
  mailer: Mailer;
  recordings: RecordingStore;
  tasks: TaskTracker;
  /** For Message-IDs and the help+<label>@ addresses. */
  companyDomain: string;
}
