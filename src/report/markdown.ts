import type { ReportData } from '../domain/insight/report-types.js';
import { flagTitle, SEVERITY_LABEL } from '../domain/present/flags.js';
import { FOLLOW_THROUGH_TITLE, followThroughLine } from '../domain/present/follow-through.js';
import { reportCharts } from './charts.js';
import { escapeMarkdown } from './escape.js';
import {
  changeText,
  decimal,
  metricValue,
  previousLine,
  rangeLine,
  sortedFlags,
  sparkline,
} from './format.js';

/**
 * The report as Markdown: headings, a metrics table, each chart as a sentence or two (a Markdown
 * viewer cannot draw them), and the flags with their evidence as bullets. Plain enough to read
 * in a terminal as it is. User-written text is escaped so it can neither add markup nor break
 * the table.
 */
export function renderMarkdown(data: ReportData): string {
  const out: string[] = [];
  const md = escapeMarkdown;

  out.push(`# Hands-on report: ${md(data.leader.name)}`, '');
  out.push(`- **Period:** ${rangeLine(data)}`);
  out.push(`- **Compared with:** ${previousLine(data)}`);
  out.push(`- **IC budget:** ${decimal(data.leader.budgetPct)}% of the working week`);
  out.push(`- **Time zone:** ${md(data.leader.tz)}`, '');

  out.push('## Metrics', '');
  if (data.metrics.length === 0) out.push('No metrics for this range.', '');
  else {
    out.push('| Metric | This period | Previous | Change | Trend by week |');
    out.push('| :-- | --: | --: | :-- | :-- |');
    for (const m of data.metrics) {
      out.push(
        `| ${md(m.label)} | ${metricValue(m, m.value)} | ${metricValue(m, m.previous)} | ${changeText(m)} | ${sparkline(m.trend, 52)} |`,
      );
    }
    out.push('', '*Trend: one block per week, oldest first, scaled from zero.*', '');
  }

  out.push('## Charts in words', '');
  for (const chart of reportCharts(data)) {
    out.push(`### ${chart.title}`, '', md(chart.summary), '');
  }

  const flags = sortedFlags(data);
  out.push(flags.length === 0 ? '## Flags' : `## Flags (${flags.length})`, '');
  if (flags.length === 0) out.push('No flags for this period.', '');
  for (const flag of flags) {
    out.push(`### ${SEVERITY_LABEL[flag.severity]}: ${flagTitle(flag.id)}`, '');
    out.push(md(flag.text), '');
    if (flag.evidence.length > 0) {
      out.push('Evidence:', '');
      for (const e of flag.evidence) out.push(`- ${md(e.label)}`);
      out.push('');
    }
  }
  if (data.followThrough.length > 0) {
    out.push(`## ${FOLLOW_THROUGH_TITLE}`, '');
    for (const f of data.followThrough) out.push(`- ${md(followThroughLine(f))}`);
    out.push('');
  }
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}
