import { monthlyInvoice, type MonthlyInvoiceInput, type WorkLog } from '../../rules/billing';
import { rejectionOf } from './rejection';

function log(date: string, hours: number): WorkLog {
  return { date, hours, description: 'Work on the Wormhole XBlock', author: 'dev@opencraft.example' };
}

describe('monthlyInvoice', () => {
  test.each<[string, MaintenanceOf, WorkLog[], { label: string; hours: number }[], number]>([
    [
      'a tier 1 instance is billed 7 hours with no work logged',
      { tier: 1, instances: 1 },
      [],
      [{ label: 'Maintenance: tier 1, 1 instance × 7 h', hours: 7 }],
      7,
    ],
    [
      'tier 2 on three instances is billed 33 hours, plus the hourly work',
      { tier: 2, instances: 3 },
      [log('2025-03-03', 2), log('2025-03-20', 1.5)],
      [
        { label: 'Maintenance: tier 2, 3 instances × 11 h', hours: 33 },
        { label: 'Hourly work: 2 work logs', hours: 3.5 },
      ],
      36.5,
    ],
    [
      'hourly work alone is summed with no floating-point drift',
      undefined,
      [log('2025-03-01', 0.1), log('2025-03-02', 0.2), log('2025-03-31T23:30:00.000+0000', 0.7)],
      [{ label: 'Hourly work: 3 work logs', hours: 1 }],
      1,
    ],
    [
      'hourly hours are rounded to hundredths',
      undefined,
      [log('2025-03-05', 0.333), log('2025-03-06', 0.333), log('2025-03-07', 0.333)],
      [{ label: 'Hourly work: 3 work logs', hours: 0.99 }],
      0.99,
    ],
    ['a month with nothing to bill has no lines', undefined, [], [], 0],
    [
      'one work log reads in the singular',
      undefined,
      [log('2025-03-15', 4)],
      [{ label: 'Hourly work: 1 work log', hours: 4 }],
      4,
    ],
  ])('%s', (_case, maintenance, hourlyLogs, lines, totalHours) => {
    const invoice = monthlyInvoice({ month: '2025-03', hourlyLogs, ...(maintenance ? { maintenance } : {}) });
    expect(invoice).toEqual({ month: '2025-03', lines, totalHours, overBudgetByHours: 0 });
  });

  test.each<[string, number, WorkLog[], number]>([
    ['hourly work under budget is not over budget', 10, [log('2025-03-03', 9.99)], 0],
    ['hourly work exactly on budget is not over budget', 10, [log('2025-03-03', 6.7), log('2025-03-04', 3.3)], 0],
    ['hourly work over budget reports the excess exactly', 10, [log('2025-03-03', 10.1), log('2025-03-04', 0.2)], 0.3],
    ['a zero budget makes all hourly work over budget', 0, [log('2025-03-03', 2.25)], 2.25],
  ])('%s', (_case, monthlyBudgetHours, hourlyLogs, overBudgetByHours) => {
    const invoice = monthlyInvoice({ month: '2025-03', hourlyLogs, monthlyBudgetHours });
    expect(invoice.budgetHours).toBe(monthlyBudgetHours);
    expect(invoice.overBudgetByHours).toBe(overBudgetByHours);
  });

  test('maintenance does not count against the hourly budget', () => {
    const invoice = monthlyInvoice({
      month: '2025-03',
      maintenance: { tier: 2, instances: 2 },
      hourlyLogs: [log('2025-03-03', 4)],
      monthlyBudgetHours: 5,
    });
    expect(invoice.totalHours).toBe(26);
    expect(invoice.overBudgetByHours).toBe(0);
  });

  test('leaves the budget out when none is given', () => {
    expect(monthlyInvoice({ month: '2025-03', hourlyLogs: [] })).not.toHaveProperty('budgetHours');
  });

  test.each<[string, unknown, string, string]>([
    ['a month without its dash', { month: '202503', hourlyLogs: [] }, 'month', 'must be a month as YYYY-MM'],
    ['month 13', { month: '2025-13', hourlyLogs: [] }, 'month', 'must be a month as YYYY-MM'],
    ['a full date as the month', { month: '2025-03-01', hourlyLogs: [] }, 'month', 'must be a month as YYYY-MM'],
    ['no work-log list', { month: '2025-03' }, 'hourlyLogs', 'must be a list of work logs'],
    [
      'negative logged hours',
      { month: '2025-03', hourlyLogs: [log('2025-03-01', 1), log('2025-03-02', -1)] },
      'hourlyLogs.1.hours',
      'cannot be negative',
    ],
    [
      'a log dated outside the month',
      { month: '2025-03', hourlyLogs: [log('2025-04-01', 1)] },
      'hourlyLogs.0.date',
      'must fall within the invoiced month 2025-03',
    ],
    [
      'a log without a date',
      { month: '2025-03', hourlyLogs: [{ hours: 1, description: 'x' }] },
      'hourlyLogs.0.date',
      'must be a date',
    ],
    [
      'a log date that is not a date',
      { month: '2025-03', hourlyLogs: [log('March 3rd', 1)] },
      'hourlyLogs.0.date',
      'must be a date as YYYY-MM-DD',
    ],
    [
      'a negative budget',
      { month: '2025-03', hourlyLogs: [], monthlyBudgetHours: -1 },
      'monthlyBudgetHours',
      'cannot be negative',
    ],
    [
      'maintenance tier 3',
      { month: '2025-03', hourlyLogs: [], maintenance: { tier: 3, instances: 1 } },
      'maintenance.tier',
      'must be tier 1 or 2',
    ],
    [
      'maintenance on 0 instances',
      { month: '2025-03', hourlyLogs: [], maintenance: { tier: 1, instances: 0 } },
      'maintenance.instances',
      'must be at least 1 instance',
    ],
  ])('rejects %s, naming the field', (_case, input, field, message) => {
    const error = rejectionOf(() => monthlyInvoice(input as MonthlyInvoiceInput));
    expect(error.issues).toEqual([{ field, message }]);
    expect(error.message).toBe(`Invalid monthly invoice: ${field}: ${message}`);
  });
});

type MaintenanceOf = MonthlyInvoiceInput['maintenance'];
