/** Where the monthly run reads work logs, and where drafted invoices wait for review. */
import { z } from 'zod';
import { optional } from '../../common/env-schema';

export interface BillingConfig {
  workLogsFile: string;
  invoicesDir: string;
}

export const BILLING_VARIABLES = ['WORK_LOGS_FILE', 'INVOICES_DIR'] as const;

export const billingShape = {
  WORK_LOGS_FILE: optional(z.string()),
  INVOICES_DIR: optional(z.string()),
};

export function billingConfigFrom(parsed: z.infer<z.ZodObject<typeof billingShape>>): BillingConfig {
  return {
    workLogsFile: parsed.WORK_LOGS_FILE ?? 'outbox/worklogs.jsonl',
    invoicesDir: parsed.INVOICES_DIR ?? 'invoices',
  };
}
