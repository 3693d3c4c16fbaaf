import { FINAL_PERIOD } from '../../rules/billing';
import { escapeHtml, type RenderedEmail } from '../email/templates';

const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * An invoice's period as a client reads it: `2026-11` is November 2026, and the fixed-price project's `final` period
 * is the project's final invoice, not a month called "final".
 */
export function invoicePeriodText(period: string): { isFinal: boolean; text: string } {
  if (period === FINAL_PERIOD) return { isFinal: true, text: 'the final invoice for the project' };
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!month) return { isFinal: false, text: period };
  return { isFinal: false, text: monthName.format(new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1))) };
}

function asHtml(paragraphs: string[], preformatted?: string): string {
  const body = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n');
  return `${body}${preformatted ? `\n<pre>${escapeHtml(preformatted)}</pre>` : ''}`;
}

/** The invoice goes to the client with its readable breakdown: transparent pricing, as the handbook asks. */
export function invoiceEmail(input: {
  clientName: string;
  organisation: string;
  period: string;
  summary: string;
}): RenderedEmail {
  const period = invoicePeriodText(input.period);
  const what = period.isFinal
    ? `the final invoice for ${input.organisation}'s project`
    : `${input.organisation}'s invoice for ${period.text}`;
  const paragraphs = [
    `Hi ${input.clientName},`,
    `Here is ${what}, with the hours behind it. Reply to this email with any question: everyone on copy will see it.`,
  ];
  return {
    subject: period.isFinal
      ? `Final invoice for the project: ${input.organisation}`
      : `Invoice for ${period.text}: ${input.organisation}`,
    text: `${paragraphs.join('\n\n')}\n\n${input.summary}`,
    html: asHtml(paragraphs, input.summary),
  };
}

/** The owner hears about an overrun while it can still be discussed with the client, not at the year's end. */
export function budgetWarningEmail(input: {
  organisation: string;
  month: string;
  usedHours: number;
  budgetHours: number;
}): RenderedEmail {
  const over = Math.round((input.usedHours - input.budgetHours) * 100) / 100;
  const paragraphs = [
    `${input.organisation} used ${input.usedHours} h of development in ${input.month}, ${over} h over the ${input.budgetHours} h monthly budget.`,
    'Discuss it with the client before the invoice goes out, and agree whether to adjust the scope or the budget.',
  ];
  return {
    subject: `Budget passed: ${input.organisation}, ${input.month} (${input.usedHours} of ${input.budgetHours} h)`,
    text: paragraphs.join('\n\n'),
    html: asHtml(paragraphs),
  };
}
