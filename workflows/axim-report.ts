import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { OUTSIDE_SYSTEM_BACKOFF } from './activity-retry';
import { z } from 'zod';
import type { AximReportActivities, ReferralLeadRow } from './activity-interface';
import { emailAddress, parseInput } from '../rules/validation';
import { acceptInput } from './workflow-input';

export interface AximReportInput {
  /** The Business Development Specialist, who keeps Axim's view of the referrals up to date. */
  to: string;
}

export interface AximReportResult {
  /** ISO date the report was made on. */
  sprintEnding: string;
  leads: ReferralLeadRow[];
  messageId: string;
}

const aximReportInputSchema = z.object({ to: emailAddress('must be a valid email address') }).strict();

/** Shared with the code that creates the schedule, so a bad address is refused before any sprint fires with it. */
export function parseAximReportInput(input: unknown): AximReportInput {
  return parseInput(aximReportInputSchema, input, 'Axim report input');
}

const { collectReferralLeads, sendReferralReport } = proxyActivities<AximReportActivities>({
  // Collecting queries every referral lead in turn: generous, but still bounded if the server stalls.
  startToCloseTimeout: '5 minutes',
  retry: OUTSIDE_SYSTEM_BACKOFF,
});

/**
 * The sprint report of Axim referral leads (handbook, "Referrals from Axim"), started by a Temporal Schedule every
 * sprint: where each referred lead stands and when it last moved, emailed to the Business Development Specialist.
 */
export async function aximReferralReport(input: AximReportInput): Promise<AximReportResult> {
  const report = acceptInput(() => parseAximReportInput(input));
  const sprintEnding = new Date().toISOString().slice(0, 10);
  const leads = await collectReferralLeads();
  // A Schedule gives each firing its own workflow id: as the Message-ID's key, a retried firing never mails twice.
  const sent = await sendReferralReport({
    idempotencyKey: workflowInfo().workflowId,
    to: report.to,
    rows: leads,
    sprintEnding,
  });
  return { sprintEnding, leads, messageId: sent.messageId };
}
