import type { SprintTickets } from './rules/sprint-updates';

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
  | ({ kind: 'sprint-status'; tickets: SprintTickets } & ClientUpdateRecipient)
  | ({ kind: 'staging'; features: string[]; stagingUrl: string } & ClientUpdateRecipient);

export const CLIENT_UPDATE_WORKFLOW_TYPE = 'clientUpdate';
