import { CHART_NARROW_WIDTH } from '../domain/chart-size.js';
import type { Evidence, Flag } from '../domain/insight/insight-types.js';
import type { ReportData } from '../domain/insight/report-types.js';
import { flagTitle, SEVERITY_LABEL } from '../domain/present/flags.js';
import { FOLLOW_THROUGH_TITLE, followThroughLine } from '../domain/present/follow-through.js';
import {
  type ChartTable,
  type ReportChart,
  reportCharts,
  SPARKLINE_HEIGHT,
  SPARKLINE_WIDTH,
  sparklineDescription,
  sparklineOption,
} from './charts.js';
import { escapeHtml as h } from './escape.js';
import {
  decimal,
  longDate,
  metricChange,
  metricValue,
  previousLine,
  rangeLine,
  shortDate,
  sortedFlags,
} from './format.js';
import { STYLES } from './html-styles.js';
import { renderSvg } from './svg.js';

/**
 * The report as one self-contained HTML file: inline styles, charts as inline SVG rendered here
 * with ECharts, no scripts and nothing fetched (a Content-Security-Policy says so to the browser
 * too), so it opens offline, can be mailed to a coach, and prints one section per page.
 * Every string that came from a person is escaped.
 */
export function renderHtml(data: ReportData): string {
  const title = `Hands-on report: ${data.leader.name}, ${shortDate(data.range.from)} – ${longDate(data.range.to)}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="generator" content="Hands-on">',
    '<meta name="color-scheme" content="light">',
    `<title>${h(title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    '<main>',
    header(data),
    metrics(data),
    charts(data),
    flags(data),
    ...followThrough(data),
    '</main>',
    '<footer><p>Made by Hands-on on your own machine from your own records. This file loads nothing from the network.</p></footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Escaped, with a number and its unit kept on one line (`11 h`, `23 pts`). */
function prose(text: string): string {
  return h(text).replace(/(\d) (h|min|pts?)\b/g, '$1\u00a0$2');
}

function header(data: ReportData): string {
  const facts: [string, string][] = [
    ['Period', rangeLine(data)],
    ['Compared with', previousLine(data)],
    ['IC budget', `${decimal(data.leader.budgetPct)}% of the working week`],
    ['Time zone', data.leader.tz],
  ];
  return [
    '<header class="report-header">',
    '<p class="eyebrow">Hands-on report</p>',
    `<h1>${h(data.leader.name)}</h1>`,
    '<dl class="facts">',
    ...facts.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`),
    '</dl>',
    '</header>',
  ].join('\n');
}

const METRIC_HEAD = ['Metric', 'This period', 'Previous', 'Change', 'Trend by week'] as const;

function metrics(data: ReportData): string {
  const rows = data.metrics.map((m, i) => {
    const change = metricChange(m);
    const spark = renderSvg({
      id: `trend-${i + 1}`,
      className: 'spark',
      option: sparklineOption(m),
      width: SPARKLINE_WIDTH,
      height: SPARKLINE_HEIGHT,
      title: `${m.label}: trend by week`,
      description: sparklineDescription(m),
    });
    // data-label: the column's name, shown beside each value when a narrow screen stacks the rows.
    return (
      `<tr><th scope="row">${h(m.label)}</th>` +
      `<td class="num" data-label="${METRIC_HEAD[1]}">${h(metricValue(m, m.value))}</td>` +
      `<td class="num muted" data-label="${METRIC_HEAD[2]}">${h(metricValue(m, m.previous))}</td>` +
      `<td class="change ${change.direction}" data-label="${METRIC_HEAD[3]}"><span class="arrow" aria-hidden="true">${h(change.arrow)}</span> ${h(change.text)}</td>` +
      `<td class="trend" data-label="${METRIC_HEAD[4]}">${spark}</td></tr>`
    );
  });
  return [
    '<section id="metrics" aria-labelledby="metrics-title">',
    '<h2 id="metrics-title">Metrics</h2>',
    data.metrics.length === 0
      ? '<p>No metrics for this range.</p>'
      : [
          '<table class="metrics">',
          `<thead><tr><th scope="col">${METRIC_HEAD[0]}</th><th scope="col" class="num">${METRIC_HEAD[1]}</th>` +
            `<th scope="col" class="num">${METRIC_HEAD[2]}</th><th scope="col">${METRIC_HEAD[3]}</th><th scope="col">${METRIC_HEAD[4]}</th></tr></thead>`,
          `<tbody>\n${rows.join('\n')}\n</tbody>`,
          '</table>',
          `<p class="note">Change is against ${h(previousLine(data))}. Each trend runs from the oldest week to the newest, from zero.</p>`,
        ].join('\n'),
    '</section>',
  ].join('\n');
}

function dataTable(table: ChartTable, caption: string): string {
  const cls = (i: number): string => (table.numeric[i] ? ' class="num"' : '');
  const head = table.head.map((c, i) => `<th scope="col"${cls(i)}>${h(c)}</th>`).join('');
  const body = table.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${h(c)}</th>` : `<td${cls(i)}>${h(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table class="data"><caption>${h(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

function chartSvg(chart: ReportChart, id: string, className: string): string {
  return renderSvg({
    id,
    className,
    option: chart.option,
    width: chart.width,
    height: chart.height,
    title: chart.title,
    description: chart.summary,
  });
}

/**
 * Each chart twice: as wide as the page, and drawn narrow for a phone, where the wide one would
 * shrink its 12 px labels to 5 px. The styles show one of the two (a file has no script to
 * measure the screen); print always gets the wide one.
 */
function figure(wide: ReportChart, narrow: ReportChart): string {
  return [
    `<figure class="chart-figure" id="${h(wide.id)}" data-chart="${h(wide.id)}">`,
    `<figcaption><h3>${h(wide.title)}</h3></figcaption>`,
    `<div class="chart-frame">${chartSvg(wide, `chart-${wide.id}`, 'chart chart-wide')}${chartSvg(narrow, `chart-${wide.id}-narrow`, 'chart chart-narrow')}</div>`,
    '<div class="chart-text">',
    `<p class="summary">${prose(wide.summary)}</p>`,
    wide.table.rows.length === 0 ? '' : dataTable(wide.table, 'The figures'),
    '</div>',
    '</figure>',
  ]
    .filter(Boolean)
    .join('\n');
}

function charts(data: ReportData): string {
  const narrow = reportCharts(data, CHART_NARROW_WIDTH);
  return [
    '<section id="charts" aria-labelledby="charts-title">',
    '<h2 id="charts-title">Charts</h2>',
    ...reportCharts(data).map((chart, i) => figure(chart, narrow[i]!)),
    '</section>',
  ].join('\n');
}

const EVIDENCE_KINDS: Record<Evidence['kind'], string> = {
  session: 'IC session',
  event: 'calendar',
  commitment: 'commitment',
  postponement: 'put off',
  'commit-day': 'commits',
  check: 'check',
  'tracker-item': 'tracker',
  week: 'week',
  action: 'action',
  person: 'person',
};

function flag(f: Flag): string {
  return [
    `<article class="flag severity-${h(f.severity)}" data-flag="${h(f.id)}">`,
    `<h3><span class="badge">${h(SEVERITY_LABEL[f.severity])}</span> ${h(flagTitle(f.id))}</h3>`,
    `<p>${prose(f.text)}</p>`,
    f.evidence.length === 0
      ? ''
      : [
          `<h4>Evidence</h4>`,
          '<ul class="evidence">',
          ...f.evidence.map(
            (e) =>
              `<li data-kind="${h(e.kind)}"><span class="kind">${h(EVIDENCE_KINDS[e.kind] ?? e.kind)}</span><span>${prose(e.label)}</span></li>`,
          ),
          '</ul>',
        ].join('\n'),
    '</article>',
  ]
    .filter(Boolean)
    .join('\n');
}

function flags(data: ReportData): string {
  const list = sortedFlags(data);
  return [
    '<section id="flags" aria-labelledby="flags-title">',
    `<h2 id="flags-title">${list.length === 0 ? 'Flags' : `Flags (${list.length})`}</h2>`,
    list.length === 0 ? '<p>No flags for this period.</p>' : list.map(flag).join('\n'),
    '</section>',
  ].join('\n');
}

/** Each check of the period with its verdict and what happened next; nothing when there were none. */
function followThrough(data: ReportData): string[] {
  if (data.followThrough.length === 0) return [];
  return [
    '<section id="follow-through" aria-labelledby="follow-through-title">',
    `<h2 id="follow-through-title">${h(FOLLOW_THROUGH_TITLE)}</h2>`,
    '<ul>',
    ...data.followThrough.map((f) => `<li>${prose(followThroughLine(f))}</li>`),
    '</ul>',
    '</section>',
  ];
}
