import { z } from 'zod';
import { DAY_MS, HOUR_MS } from './durations';
import type { SprintTickets } from './sprint-updates';
import { calendarDate, emailAddress, parseInput, requiredText } from './validation';

/** A ticket as the tracker holds it, whichever tracker that is. */
export interface TrackedTicket {
  key: string;
  summary: string;
  labels: string[];
  /** `done` once the tracker counts it finished (Jira's Done status category). */
  status: 'open' | 'done';
  /** YYYY-MM-DD. */
  dueDate?: string;
  /** YYYY-MM-DD the ticket was finished (Jira's resolution date). */
  doneOn?: string;
}

/** The days a sprint covers, first and last inclusive (YYYY-MM-DD). */
export interface SprintWindow {
  start: string;
  lastDay: string;
}

/** Handbook 004: a label starting with "+" means the ticket waits on someone outside the team. */
export function isWaitingLabel(label: string): boolean {
  return label.trim().startsWith('+');
}

/**
 * Which of a client's tickets the sprint's status names, and under which heading. The handbook says what the email
 * lists, not how a tracker says it, so: a ticket finished during the sprint is done; an open one carrying a "+" label
 * waits on the client (whenever it is due: it is the one thing they must act on); any other open ticket due by the
 * sprint's last day is planned, overdue ones included since they carry over. Open tickets with no due date, or due
 * later, belong to a later sprint; so does a ticket finished before or after this one.
 */
export function classifySprintTickets(tickets: TrackedTicket[], sprint: SprintWindow): SprintTickets {
  const classified: SprintTickets = { planned: [], done: [], waitingOnClient: [] };
  for (const ticket of tickets) {
    if (ticket.status === 'done') {
      if (ticket.doneOn !== undefined && ticket.doneOn >= sprint.start && ticket.doneOn <= sprint.lastDay) {
        classified.done.push(ticket.summary);
      }
    } else if (ticket.labels.some(isWaitingLabel)) {
      classified.waitingOnClient.push(ticket.summary);
    } else if (ticket.dueDate !== undefined && ticket.dueDate <= sprint.lastDay) {
      classified.planned.push(ticket.summary);
    }
  }
  return classified;
}

export function hasTickets(tickets: SprintTickets): boolean {
  return tickets.planned.length + tickets.done.length + tickets.waitingOnClient.length > 0;
}

/** Sent on the morning of the sprint review (the sprint's last day), so the client reads it before the review. */
export const SPRINT_STATUS_HOUR_UTC = 9;

/**
 * A Schedule's interval counts from the epoch: this offset lands every firing on a sprint's last day at
 * SPRINT_STATUS_HOUR_UTC, for any sprint calendar.
 */
export function sprintStatusInterval(calendar: { start: string; lengthDays: number }): {
  everyMs: number;
  offsetMs: number;
} {
  const everyMs = calendar.lengthDays * DAY_MS;
  const firstFiring =
    Date.parse(`${calendar.start}T00:00:00Z`) + (calendar.lengthDays - 1) * DAY_MS + SPRINT_STATUS_HOUR_UTC * HOUR_MS;
  return { everyMs, offsetMs: ((firstFiring % everyMs) + everyMs) % everyMs };
}

/** One schedule per client, named after its lead, so the lifecycle can find it again without storing anything. */
export function sprintStatusScheduleId(leadWorkflowId: string): string {
  return `sprint-status-${leadWorkflowId}`;
}

/**
 * The client update's workflow id for one client and sprint, by the client's label rather than its lead: a second
 * firing in the same sprint (a retry, a trigger by hand, the schedule of a second project with the same client)
 * finds it taken, so the client gets one email a sprint.
 */
export function sprintStatusEmailId(mailingListLabel: string, sprintStart: string): string {
  return `sprint-status-email-${mailingListLabel}-${sprintStart}`;
}

/** What the schedule gives each firing: who the client is, who writes to them, and the sprint calendar. */
export interface SprintStatusInput {
  leadWorkflowId: string;
  clientName: string;
  clientEmail: string;
  organisation: string;
  /** The client's help+<label>@ label, which also marks the client's tickets in the tracker. */
  mailingListLabel: string;
  /** Sends it (replies go to them) and is copied. */
  clientOwner: string;
  sprint: { start: string; lengthDays: number };
}

const sprintStatusSchema = z
  .object({
    leadWorkflowId: requiredText(),
    clientName: requiredText(),
    clientEmail: emailAddress('must be a valid email address'),
    organisation: requiredText(),
    mailingListLabel: requiredText().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
    clientOwner: emailAddress('must be a valid email address'),
    sprint: z
      .object({
        start: calendarDate('must be a date as YYYY-MM-DD'),
        lengthDays: z.number().int('must be a whole number of days').positive('must be at least 1'),
      })
      .strict(),
  })
  .strict();

/** Shared by the activity that creates the schedule and the workflow it fires, so bad input never reaches a sprint. */
export function parseSprintStatusInput(input: unknown): SprintStatusInput {
  return parseInput(sprintStatusSchema, input, 'sprint status');
}
