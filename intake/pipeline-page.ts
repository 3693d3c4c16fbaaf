/**
 * The pipeline page: plain HTML with an inline SVG funnel, no scripts and no front-end build. Every number comes
 * from client/pipeline.ts, the same report `cli funnel` prints.
 */
import type { PipelineLead, PipelineReport } from '../client/pipeline';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

interface PageOptions {
  webUiUrl: string;
  namespace: string;
}

export function workflowUrl(options: PageOptions, workflowId: string, runId: string): string {
  return `${options.webUiUrl}/namespaces/${encodeURIComponent(options.namespace)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
}

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);
const days = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${value} d`);

function funnelChart(report: PipelineReport): string {
  const rowHeight = 34;
  const labelWidth = 190;
  const barWidth = 520;
  const width = labelWidth + barWidth + 110;
  const height = report.funnel.length * rowHeight + 10;
  const most = Math.max(1, ...report.funnel.map((row) => row.reached));
  const bars = report.funnel
    .map((row, index) => {
      const y = index * rowHeight + 5;
      const reachedWidth = Math.round((row.reached / most) * barWidth);
      const currentWidth = Math.round((row.current / most) * barWidth);
      return [
        `<text x="${labelWidth - 10}" y="${y + 20}" text-anchor="end">${escapeHtml(row.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${reachedWidth}" height="24" fill="#9ecae1"><title>${row.reached} reached ${escapeHtml(row.label)}</title></rect>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${currentWidth}" height="24" fill="#3182bd"><title>${row.current} in ${escapeHtml(row.label)} now</title></rect>`,
        `<text x="${labelWidth + reachedWidth + 8}" y="${y + 20}">${row.reached}${row.conversionToNext === null ? '' : ` · ${percent(row.conversionToNext)} on`}</text>`,
      ].join('');
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Funnel: leads that reached each stage" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="14">\n${bars}\n</svg>`;
}

function leadTable(leads: PipelineLead[], options: PageOptions, withDue: boolean, empty: string): string {
  if (leads.length === 0) return `<p class="none">${escapeHtml(empty)}</p>`;
  const rows = leads
    .map(
      (lead) =>
        `<tr><td><a href="${escapeHtml(workflowUrl(options, lead.workflowId, lead.runId))}">${escapeHtml(lead.leadName || lead.workflowId)}</a></td>` +
        `<td>${escapeHtml(lead.organisation)}</td><td>${escapeHtml(lead.stage)}</td><td>${escapeHtml(lead.owner)}</td>` +
        (withDue ? `<td>${escapeHtml(lead.followUpDue?.slice(0, 16).replace('T', ' ') ?? '')}</td>` : '') +
        '</tr>',
    )
    .join('\n');
  return `<table><thead><tr><th>Lead</th><th>Organisation</th><th>Stage</th><th>Client owner</th>${withDue ? '<th>Due (UTC)</th>' : ''}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

export function renderPipelinePage(report: PipelineReport, options: PageOptions): string {
  const from = report.period.from.slice(0, 10);
  const to = report.period.to.slice(0, 10);
  const stageRows = report.funnel
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.label)}</td><td class="n">${row.current}</td><td class="n">${row.reached}</td>` +
        `<td class="n">${percent(row.conversionToNext)}</td><td class="n">${days(row.medianDays)}</td><td>${
          row.slowest
            ? `${days(row.slowest.days)} <a href="${escapeHtml(workflowUrl(options, row.slowest.workflowId, row.slowest.runId))}">${escapeHtml(row.slowest.leadName || row.slowest.workflowId)}</a>`
            : '–'
        }</td></tr>`,
    )
    .join('\n');
  const { won, lost, declined, nurture } = report.outcomes;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pipeline ${from} to ${to}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 60rem; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
  table { border-collapse: collapse; margin: .5rem 0; } th, td { padding: .3rem .7rem; border-bottom: 1px solid #ddd; text-align: left; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  .outcomes span { display: inline-block; margin-right: 1.5rem; font-size: 1.1rem; }
  .none { color: #666; } form { margin: 1rem 0; } .legend span { display: inline-block; width: .9rem; height: .9rem; vertical-align: middle; margin: 0 .3rem 0 1rem; }
</style>
</head>
<body>
<h1>Pipeline</h1>
<form method="get" action="/pipeline">
  Leads started from <input type="date" name="from" value="${from}"> to <input type="date" name="to" value="${to}">
  <button type="submit">Show</button> · <a href="${escapeHtml(options.webUiUrl)}/namespaces/${encodeURIComponent(options.namespace)}/workflows">Temporal Web UI</a>
</form>
<p id="leads-total">${report.leads} leads started ${from} to ${to}.${report.withoutHistory > 0 ? ` ${report.withoutHistory} without a readable history (is a worker running?): placed by their stage.` : ''}</p>
<p class="outcomes" id="outcomes"><span>Won <strong>${won}</strong></span><span>Lost <strong>${lost}</strong></span><span>Declined <strong>${declined}</strong></span><span>Nurture <strong>${nurture}</strong></span></p>
<h2>Funnel</h2>
<p class="legend"><span style="background:#9ecae1"></span>reached the stage<span style="background:#3182bd"></span>in it now</p>
${funnelChart(report)}
<h2>Stages</h2>
<table id="stages"><thead><tr><th>Stage</th><th>Now</th><th>Reached</th><th>On to next</th><th>Median time</th><th>Slowest</th></tr></thead>
<tbody>
${stageRows}
</tbody></table>
<h2>Overdue follow-ups (${report.overdueFollowUps.length})</h2>
${leadTable(report.overdueFollowUps, options, true, 'No follow-up is overdue.')}
<h2>Idle leads (${report.idleLeads.length})</h2>
${leadTable(report.idleLeads, options, false, 'No lead is idle.')}
<p class="none">Generated ${escapeHtml(report.generatedAt)}. Time in stage counts every visit; one still going counts up to now.</p>
</body>
</html>
`;
}
