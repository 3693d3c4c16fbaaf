import type { ActivityDeps } from '../deps';
import { clientCc } from '../email/templates';
import type { SendResult } from '../email/port';
import { failFastWhenHopeless } from '../failures';
import type { WorkLog } from '../../rules/billing';
import { budgetWarningEmail, invoiceEmail } from './emails';
import type { DraftedInvoice, InvoiceDraft } from './port';
import { sendOnce } from '../email/send-once';

export interface SendInvoiceRequest {
  idempotencyKey: string;
  invoiceId: string;
  period: string;
  clientEmail: string;
  clientName: string;
  organisation: string;
  mailingListLabel: string;
  clientOwner?: string;
}

export interface BudgetWarningRequest {
  idempotencyKey: string;
  to: string;
  organisation: string;
  month: string;
  usedHours: number;
  budgetHours: number;
}

type BillingDeps = Pick<ActivityDeps, 'workLogs' | 'invoicing' | 'mailer' | 'companyDomain'>;

/** The handbook's Billing stage: upload the work logs, review and send invoices, track the budget. */
export function createBillingActivities(deps: BillingDeps) {
  const { workLogs, invoicing } = deps;
  return {
    async gatherWorkLogs(request: { client: string; month: string }): Promise<WorkLog[]> {
      return failFastWhenHopeless(() => workLogs.logsFor(request));
    },

    async draftInvoice(invoice: InvoiceDraft): Promise<DraftedInvoice> {
      return failFastWhenHopeless(() => invoicing.draft(invoice));
    },

    /** Emails the invoice first and marks it sent after: a retry re-sends nothing, the Message-ID is the same. */
    async sendInvoice(request: SendInvoiceRequest): Promise<{ sentAt: string }> {
      const summary = await invoicing.summary(request.invoiceId);
      const email = invoiceEmail({
        clientName: request.clientName,
        organisation: request.organisation,
        period: request.period,
        summary,
      });
      await sendOnce(deps, {
        idempotencyKey: request.idempotencyKey,
        to: [request.clientEmail],
        cc: clientCc({
          mailingListLabel: request.mailingListLabel,
          companyDomain: deps.companyDomain,
          clientOwnerEmail: request.clientOwner,
        }),
        email,
      });
      return invoicing.markSent(request.invoiceId);
    },

    async warnBudgetOverrun(request: BudgetWarningRequest): Promise<SendResult> {
      const email = budgetWarningEmail(request);
      return sendOnce(deps, { idempotencyKey: request.idempotencyKey, to: [request.to], email });
    },
  };
}
