import type { SupportLevel } from './support-sla';

/** Handbook 004: the weekly on-call retro answers these about the previous week's on-call. */
export const RETRO_QUESTIONS = [
  'What went well?',
  'What could have gone better?',
  'What should we remember next time?',
] as const;

export interface RetroRequestRow {
  /** `<client as the tracker names it>/<request id>`: the workflow id would name an anonymous client. */
  reference: string;
  /** As the tracker may name the client: its codename when it asked for anonymity. */
  client: string;
  level: SupportLevel;
  status: string;
  slaBreached: boolean;
  incident: boolean;
  /** Absent when the request could not be read (no worker answered). */
  answeredAt?: string;
  resolvedAt?: string;
}

/** The retro task's description: the week's requests, one line each, then the three questions. */
export function retroDescription(week: { start: string; end: string }, rows: readonly RetroRequestRow[]): string {
  const breached = rows.filter((row) => row.slaBreached).length;
  const lines = rows.map((row) => {
    const facts = [
      row.level,
      row.status,
      row.slaBreached ? 'SLA missed' : 'SLA met so far',
      ...(row.incident ? ['incident'] : []),
      ...(row.answeredAt ? [`answered ${row.answeredAt}`] : []),
      ...(row.resolvedAt ? [`resolved ${row.resolvedAt}`] : []),
    ];
    return `- ${row.client}: ${facts.join(', ')} (${row.reference})`;
  });
  return [
    `On-call week ${week.start} to ${week.end}: ${rows.length} request${rows.length === 1 ? '' : 's'}, ${breached} past the SLA.`,
    '',
    ...lines,
    '',
    'Discuss the highlights, then answer:',
    ...RETRO_QUESTIONS.map((question, index) => `${index + 1}. ${question}`),
  ].join('\n');
}
