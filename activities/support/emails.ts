import { escapeHtml, formatMeetingTime, type RenderedEmail } from '../email/templates';
import type { SupportLevel } from '../../rules/support-sla';
import type { OnCallNoticeKind } from '../../workflows/support-messages';

export interface OnCallNoticeInput {
  kind: OnCallNoticeKind;
  level: SupportLevel;
  clientName: string;
  channel: string;
  text: string;
  /** ISO date-time the first answer is due; absent for `past-l3`. */
  deadline?: string;
  slaHours: number;
  workflowId: string;
  issueUrl?: string;
}

function subjectOf(input: OnCallNoticeInput, due: string): string {
  switch (input.kind) {
    case 'new':
      return `New ${input.level} support request from ${input.clientName}: first answer due ${due}`;
    case 'reminder':
      return `Reminder: ${input.level} request from ${input.clientName} needs its first answer by ${due}`;
    case 'escalation':
      return `Escalated to ${input.level}: ${input.clientName}'s request had no answer within its SLA; due ${due}`;
    case 'past-l3':
      return `L3 request from ${input.clientName} is past its SLA with no answer`;
  }
}

function opening(input: OnCallNoticeInput): string {
  switch (input.kind) {
    case 'new':
      return `You are on call for ${input.level} this week, and a request has come in by ${input.channel}.`;
    case 'reminder':
      return `This ${input.level} request still has no first answer, and three quarters of its ${input.slaHours}-hour SLA have passed.`;
    case 'escalation':
      return `The level below did not answer this request within its ${input.slaHours}-hour SLA, so it comes to you, the ${input.level} on-call engineer, with a fresh ${input.slaHours} hours.`;
    case 'past-l3':
      return `This request reached L3 and its SLA has passed again without a first answer. There is no level above L3: please find someone to answer it.`;
  }
}

/** To the on-call engineer (or the escalation contact): the request, its deadline and how to mark it answered. */
export function onCallNotice(input: OnCallNoticeInput): RenderedEmail {
  const due = input.deadline ? formatMeetingTime(input.deadline) : '';
  const paragraphs = [
    opening(input),
    `Client: ${input.clientName}\nChannel: ${input.channel}\nLevel: ${input.level}${due ? `\nFirst answer due: ${due}` : ''}`,
    `What they wrote:\n${input.text}`,
    ...(input.issueUrl ? [`Tracker issue: ${input.issueUrl}`] : []),
    `Once you have answered: npm run cli -- support answer ${input.workflowId} --by <your email>`,
    '(Sent automatically by the customer-lifecycle workflow.)',
  ];
  return {
    subject: subjectOf(input, due)
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim(),
    text: `${paragraphs.join('\n\n')}\n`,
    html: paragraphs.map((text) => `<p>${escapeHtml(text).replace(/\n/g, '<br>\n')}</p>`).join('\n'),
  };
}
