import { z } from 'zod';
import { fromHundredths, sumHours, toHundredths } from './hours';
import { MAINTENANCE_TIER_HOURS, type MaintenanceTier } from './maintenance';
import { parseInput } from './validation';

/** The one invoice of a fixed-price project. */
export const FINAL_PERIOD = 'final';

export interface WorkLog {
  date: string;
  hours: number;
  description: string;
  author?: string;
}

export interface MonthlyInvoiceInput {
  /** YYYY-MM */
  month: string;
  maintenance?: { tier: MaintenanceTier; instances: number };
  hourlyLogs: WorkLog[];
  monthlyBudgetHours?: number;
}

export interface MonthlyInvoice {
  month: string;
  lines: { label: string; hours: number }[];
  totalHours: number;
  budgetHours?: number;
  overBudgetByHours: number;
}

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A calendar date, optionally followed by a time as Jira work logs carry one. */
const LOG_DATE_PATTERN = /^(\d{4}-(0[1-9]|1[0-2]))-(0[1-9]|[12]\d|3[01])(T.*)?$/;

const hours = (what: string) => z.number({ error: `must be a number of ${what}` }).nonnegative('cannot be negative');

const workLogSchema = z.strictObject({
  date: z.string({ error: 'must be a date' }).regex(LOG_DATE_PATTERN, 'must be a date as YYYY-MM-DD'),
  hours: hours('hours'),
  description: z.string({ error: 'must be text' }),
  author: z.string({ error: 'must be text' }).optional(),
}) satisfies z.ZodType<WorkLog>;

const monthlyInvoiceInputSchema = z
  .strictObject({
    month: z.string({ error: 'must be a month' }).regex(MONTH_PATTERN, 'must be a month as YYYY-MM'),
    maintenance: z
      .strictObject({
        tier: z.literal([1, 2], { error: 'must be tier 1 or 2' }),
        instances: z
          .number({ error: 'must be a number of instances' })
          .int('must be a whole number of instances')
          .positive('must be at least 1 instance'),
      })
      .optional(),
    hourlyLogs: z.array(workLogSchema, { error: 'must be a list of work logs' }),
    monthlyBudgetHours: hours('hours').optional(),
  })
  .superRefine((invoice, context) => {
    // A log from another month would be billed twice, or in the wrong invoice.
    invoice.hourlyLogs.forEach((log, index) => {
      const logMonth = LOG_DATE_PATTERN.exec(log.date)?.[1];
      if (logMonth !== undefined && logMonth !== invoice.month) {
        context.addIssue({
          code: 'custom',
          path: ['hourlyLogs', index, 'date'],
          message: `must fall within the invoiced month ${invoice.month}`,
        });
      }
    });
  }) satisfies z.ZodType<MonthlyInvoiceInput>;

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Maintenance is the same every month whatever was logged, so clients can predict it; hourly work is summed from the
 * logs, and a budget applies to the hourly work only. Validated at run time: the figures arrive over the wire.
 */
export function monthlyInvoice(input: MonthlyInvoiceInput): MonthlyInvoice {
  const { month, maintenance, hourlyLogs, monthlyBudgetHours } = parseInput(
    monthlyInvoiceInputSchema,
    input,
    'monthly invoice',
  );
  const lines: { label: string; hours: number }[] = [];
  if (maintenance) {
    const perInstance = MAINTENANCE_TIER_HOURS[maintenance.tier];
    lines.push({
      label: `Maintenance: tier ${maintenance.tier}, ${plural(maintenance.instances, 'instance')} × ${perInstance} h`,
      hours: perInstance * maintenance.instances,
    });
  }
  const hourlyHours = sumHours(hourlyLogs.map((log) => log.hours));
  if (hourlyLogs.length > 0) {
    lines.push({ label: `Hourly work: ${plural(hourlyLogs.length, 'work log')}`, hours: hourlyHours });
  }
  const overBudgetHundredths =
    monthlyBudgetHours === undefined ? 0 : Math.max(0, toHundredths(hourlyHours) - toHundredths(monthlyBudgetHours));
  return {
    month,
    lines,
    totalHours: sumHours(lines.map((line) => line.hours)),
    ...(monthlyBudgetHours === undefined ? {} : { budgetHours: monthlyBudgetHours }),
    overBudgetByHours: fromHundredths(overBudgetHundredths),
  };
}
