import type { MonthlyInvoice, WorkLog } from '../../rules/billing';

/** Where the month's time is logged: Jira work logs in production, a JSON-lines file by default. */
export interface WorkLogSource {
  logsFor(request: { client: string; month: string }): Promise<WorkLog[]>;
}

export interface InvoiceDraft extends Omit<MonthlyInvoice, 'month'> {
  /** Deterministic (`INV-<client>-<month>`): drafting the same invoice twice finds the first. */
  invoiceId: string;
  client: string;
  organisation: string;
  /** YYYY-MM for a monthly invoice, `final` for a fixed-price project. */
  period: string;
}

export interface DraftedInvoice {
  invoiceId: string;
  /** Where a reviewer finds it: a file path or the invoicing system's URL. */
  location: string;
}

/** Produces and sends invoices: Freshbooks in the handbook, local JSON files plus a readable summary by default. */
export interface Invoicing {
  draft(invoice: InvoiceDraft): Promise<DraftedInvoice>;
  /** Marks the invoice sent; sending twice is a no-op that returns the first sending time. */
  markSent(invoiceId: string): Promise<{ sentAt: string }>;
  /** The readable summary a client receives with the invoice. */
  summary(invoiceId: string): Promise<string>;
}
