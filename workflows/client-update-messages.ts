import type { SprintTickets } from '../rules/sprint-updates';

/** Who the client update is for, as the lead's state names them, and who sends it. */
export interface ClientUpdateRecipient {
  leadWorkflowId: string;
  clientName: string;
  clientEmail: string;
  organisation: string;
  /** For the help+<label>@ CC (000: "always CC help+client@"). */
  mailingListLabel: string;
  clientOwnerEmail?: string;
  /** The person sending it: replies go to them, and they are never CC'd to themselves. */
  by: string;
  senderName: string;
}

export type ClientUpdateInput =
  | ({
      kind: 'sprint-status';
      tickets: SprintTickets;
      /** The sprint the tickets were read for; absent, the sprint the email is sent in. */
      sprint?: { start: string; lastDay: string };
    } & ClientUpdateRecipient)
  | ({ kind: 'staging'; features: string[]; stagingUrl: string } & ClientUpdateRecipient);

/** What the client update's workflow returns: the email's Message-ID, and whether it went out this time. */
export interface ClientUpdateResult {
  messageId: string;
  delivered: boolean;
  /** The sprint the status covers, or the review a staging heads-up points to. */
  sprintStart?: string;
  reviewOn?: string;
}

export const CLIENT_UPDATE_WORKFLOW_TYPE = 'clientUpdate';
