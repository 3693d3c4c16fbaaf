import type { Client } from '@temporalio/client';
import type { DutyMember } from '../rules/discovery-duty';
import type { Invoicing, WorkLogSource } from './billing/port';
import type { DutyRota } from './discovery/port';
import type { LeadDirectory } from './leads/port';
import type { RecordingStore } from './drive/port';
import type { RecordingSources } from '../common/recording-sources';
import type { Mailer } from './email/port';
import type { SupportSettings } from './support/settings';
import type { TaskTracker } from './tasks/port';

/** What the activities need from the outside world: each port gets a real or a local adapter from the worker. */
export interface ActivityDeps {
  mailer: Mailer;
  recordings: RecordingStore;
  /** Where recordings may be read from: checked by the activity before any store touches the source. */
  recordingSources: RecordingSources;
  tasks: TaskTracker;
  workLogs: WorkLogSource;
  invoicing: Invoicing;
  /** For Message-IDs and the help+<label>@ addresses. */
  companyDomain: string;
  /** The leads' workflows, for reports across leads (the Axim referral report). */
  leads: LeadDirectory;
  /** Schedules (the quarterly strategy review) are managed through the Temporal client. */
  temporal: Client;
  /** The worker's task queue, where scheduled workflows run. */
  taskQueue: string;
  discovery: {
    rotation: DutyMember[];
    rota: DutyRota;
    sprint: { start: string; lengthDays: number };
    /** Plans the next sprint when nobody on Discovery Duty is free: the Business Development Specialist. */
    planner: string;
  };
  /** Support requests: SLAs, on-call rotations, anonymous clients' codenames. */
  support: SupportSettings;
}
