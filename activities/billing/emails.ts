import { escapeHtml, type RenderedEmail } from '../email/templates';

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
  const paragraphs = [
    `Hi ${input.clientName},`,
    `Here is ${input.organisation}'s invoice for ${input.period}, with the hours behind it. Reply to this email with any question: everyone on copy will see it.`,
  ];
  return {
    subject: `Invoice for ${input.period}: ${input.organisation}`,
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
