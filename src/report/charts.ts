import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { CHART_WIDTH } from '../domain/chart-size.js';
import type { ReportData, ReportMetric } from '../domain/insight/report-types.js';
import { largest } from '../domain/numbers.js';
import { NO_CALENDAR } from '../domain/present/time.js';
import { decimal, hours, listing, plural, shortDate, weekCount } from './format.js';

/**
 * The report's charts as pure data: for each chart an ECharts option, a one-paragraph text
 * summary and a data table. Nothing here draws: the HTML report renders the options to SVG in
 * Node (svg.ts), and the web app can hand the same options to ECharts in the browser (register
 * `CHART_MODULES` from chart-modules.ts plus a renderer). Only types are imported from ECharts,
 * so the text formats can use the summaries without loading it.
 *
 * Options hold plain values only (no formatter functions), so they survive JSON and render the
 * same everywhere; `animation: false` so a server-side render is the final picture.
 */

export type ReportChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption
>;

export type ChartId = 'ic-vs-leadership' | 'ic-share' | 'reasons' | 'commitments' | 'focus';

export interface ChartTable {
  head: string[];
  rows: string[][];
  /** Per column: right-align (numbers). */
  numeric: boolean[];
}

export interface ReportChart {
  id: ChartId;
  title: string;
  /** The chart in words: shown under the chart, and instead of it where charts cannot be drawn. */
  summary: string;
  option: ReportChartOption;
  width: number;
  height: number;
  table: ChartTable;
}

/** Colours chosen to stay apart for the common colour-vision deficiencies and in greyscale print. */
export const COLORS = {
  ic: '#2f6db3',
  leadership: '#e0962b',
  budget: '#b8322a',
  focus: '#2e8b57',
  fragmented: '#b9c0cb',
  good: '#2f6db3',
  watchOut: '#d9622b',
  watchOutEdge: '#8a2c0c',
  open: '#7b8794',
  postponed: '#e0962b',
  text: '#2b2f36',
  muted: '#5c6470',
  grid: '#e3e6eb',
} as const;

export const CHART_HEIGHT = 300;
/** Below this width a chart gives its axes and legend less room, so the data keeps most of it. */
const NARROW = 480;
// No quotes: ECharts writes the font into a double-quoted SVG style attribute without escaping.
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif';

const round1 = (n: number): number => Math.round(n * 10) / 10;
/** Hours for a chart; an unknown week (no calendar) is a gap in the chart, not a zero. */
const toHours = <T extends number | null>(minutes: T): T =>
  (minutes === null ? null : round1(minutes / 60)) as T;
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const known = <T>(xs: readonly (T | null)[]): T[] => xs.filter((x): x is T => x !== null);
/** `3.5 h`, or `no calendar` for a week no calendar covers. */
const hoursOrUnknown = (minutes: number | null): string => (minutes === null ? NO_CALENDAR : hours(minutes));

/**
 * What every chart shares, for a picture `width` px wide. The text stays 12 px at every width:
 * a narrow chart has fewer week labels (ECharts hides those that would overlap), not smaller ones.
 */
function base(legend: boolean, width: number): ReportChartOption {
  const narrow = width < NARROW;
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT, fontSize: 12, color: COLORS.text },
    ...(legend
      ? {
          legend: {
            top: 4,
            left: 'center',
            itemGap: narrow ? 14 : 28,
            textStyle: { color: COLORS.text, fontSize: 12 },
          },
        }
      : {}),
    grid: { left: narrow ? 44 : 56, right: narrow ? 12 : 24, top: legend ? 44 : 16, bottom: 36 },
  };
}

function weekAxis(data: ReportData): ReportChartOption['xAxis'] {
  return {
    type: 'category',
    data: data.weeks.map((w) => shortDate(w.start)),
    axisTick: { alignWithLabel: true },
    axisLabel: { color: COLORS.muted, interval: 0, hideOverlap: true },
    axisLine: { lineStyle: { color: COLORS.muted } },
  };
}

function valueAxis(unit: string, extra: { min?: number; max?: number; minInterval?: number } = {}) {
  return {
    type: 'value' as const,
    axisLabel: { color: COLORS.muted, formatter: `{value}${unit}` },
    splitLine: { lineStyle: { color: COLORS.grid } },
    ...extra,
  };
}

/** A round axis maximum above `n`, so a reference line near the top is never clipped. */
function niceCeil(n: number): number {
  if (n <= 0) return 10;
  const step = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * step >= n) return m * step;
  return 10 * step;
}

// ---------------------------------------------------------------- IC vs leadership

function icVsLeadership(data: ReportData, width: number): ReportChart {
  const ic = sum(data.weeks.map((w) => w.icMinutes));
  // Leadership comes from the calendar: only the weeks one covers are compared.
  const withCalendar = data.weeks.filter((w) => w.leadershipMinutes !== null);
  const lead = sum(known(withCalendar.map((w) => w.leadershipMinutes)));
  const icWithCalendar = sum(withCalendar.map((w) => w.icMinutes));
  let summary = 'There are no weeks in this range.';
  if (data.weeks.length > 0) {
    const mostIc = data.weeks.reduce((a, b) => (b.icMinutes > a.icMinutes ? b : a));
    summary =
      `Over ${plural(data.weeks.length, 'week')}: ${hours(ic)} of IC work done. ` +
      `The most IC was in the week of ${shortDate(mostIc.start)} (${hours(mostIc.icMinutes)}).`;
    if (withCalendar.length === 0) {
      summary += ' No calendar covers these weeks, so leadership time is not known.';
    } else {
      const leastLead = withCalendar.reduce((a, b) => (b.leadershipMinutes! < a.leadershipMinutes! ? b : a));
      const share =
        icWithCalendar + lead > 0 ? Math.round((icWithCalendar / (icWithCalendar + lead)) * 100) : 0;
      summary +=
        ` In the ${plural(withCalendar.length, 'week')} a calendar covers: ${hours(lead)} of leadership work ` +
        `(IC was ${share}% of the two); the least leadership in the week of ${shortDate(leastLead.start)} ` +
        `(${hours(leastLead.leadershipMinutes!)}).`;
    }
  }
  return {
    id: 'ic-vs-leadership',
    title: 'IC and leadership hours by week',
    summary,
    width,
    height: CHART_HEIGHT,
    option: {
      ...base(true, width),
      color: [COLORS.leadership, COLORS.ic],
      xAxis: weekAxis(data),
      yAxis: valueAxis(' h', { minInterval: 1 }),
      series: [
        {
          name: 'Leadership',
          type: 'bar',
          stack: 'time',
          barMaxWidth: 36,
          data: data.weeks.map((w) => toHours(w.leadershipMinutes)),
        },
        {
          name: 'IC',
          type: 'bar',
          stack: 'time',
          barMaxWidth: 36,
          data: data.weeks.map((w) => toHours(w.icMinutes)),
        },
      ],
    },
    table: {
      head: ['Week of', 'IC', 'Leadership'],
      numeric: [false, true, true],
      rows: data.weeks.map((w) => [
        shortDate(w.start),
        hours(w.icMinutes),
        hoursOrUnknown(w.leadershipMinutes),
      ]),
    },
  };
}

// ---------------------------------------------------------------- IC share vs budget

/**
 * The budget is a share of the working week, and a week's budget in minutes is that share of
 * its working time, so the week's IC share is `ic / budgetMinutes × budgetPct`. With no budget
 * (0%) the working week cannot be recovered from the data, and the share is left out.
 */
export function icSharePct(week: ReportData['weeks'][number], budgetPct: number): number | null {
  if (!(budgetPct > 0) || !(week.budgetMinutes > 0)) return null;
  return round1((week.icMinutes / week.budgetMinutes) * budgetPct);
}

function icShare(data: ReportData, width: number): ReportChart {
  const budget = data.leader.budgetPct;
  const shares = data.weeks.map((w) => icSharePct(w, budget));
  const over = data.weeks.filter((w) => w.icMinutes > w.budgetMinutes);
  const known = shares.filter((s): s is number => s !== null);
  let summary: string;
  if (data.weeks.length === 0) summary = 'There are no weeks in this range.';
  else if (!(budget > 0)) {
    summary =
      `No IC budget is set (0% of the working week), so any IC work is over it: ` +
      `${hours(sum(data.weeks.map((w) => w.icMinutes)))} over ${plural(data.weeks.length, 'week')}.`;
  } else {
    const shown = over.slice(0, 4).map((w) => shortDate(w.start));
    if (over.length > 4) shown.push(`${over.length - 4} more`);
    const peak = largest(known);
    const peakWeek = data.weeks[shares.indexOf(peak)];
    summary =
      `Your IC budget is ${decimal(budget)}% of the working week. ` +
      (over.length === 0
        ? `IC stayed within it in all ${plural(data.weeks.length, 'week')}.`
        : `IC went over it in ${over.length} of ${plural(data.weeks.length, 'week')} (the ${over.length === 1 ? 'week' : 'weeks'} of ${listing(shown)}).`) +
      (peakWeek
        ? ` The highest share was ${decimal(peak)}% in the week of ${shortDate(peakWeek.start)}.`
        : '');
  }
  const max = niceCeil(largest(known, budget) * 1.1);
  return {
    id: 'ic-share',
    title: 'IC share of the working week against the budget',
    summary,
    width,
    height: CHART_HEIGHT,
    option: {
      ...base(true, width),
      color: [COLORS.ic],
      xAxis: { ...weekAxis(data), boundaryGap: true } as ReportChartOption['xAxis'],
      yAxis: valueAxis('%', { min: 0, max }),
      series: [
        {
          name: 'IC share',
          type: 'line',
          symbol: 'circle',
          symbolSize: 7,
          lineStyle: { width: 2.5 },
          connectNulls: false,
          data: shares.map((s) => (s === null ? '-' : s)),
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: COLORS.budget, type: 'dashed', width: 2 },
            label: {
              formatter: `Budget ${decimal(budget)}%`,
              position: 'insideEndTop',
              color: COLORS.budget,
            },
            data: [{ yAxis: budget }],
          },
        },
      ],
    },
    table: {
      head: ['Week of', 'IC share', 'Budget used'],
      numeric: [false, true, true],
      rows: data.weeks.map((w, i) => {
        const s = shares[i];
        return [
          shortDate(w.start),
          s === null || s === undefined ? '–' : `${decimal(s)}%`,
          `${Math.round(w.budgetUsedPct)}%`,
        ];
      }),
    },
  };
}

// ---------------------------------------------------------------- reasons

function reasons(data: ReportData, width: number): ReportChart {
  const rows = [...data.reasons].filter((r) => r.minutes > 0).sort((a, b) => b.minutes - a.minutes);
  const total = sum(rows.map((r) => r.minutes));
  const watch = rows.filter((r) => r.kind === 'watch-out');
  const watchMinutes = sum(watch.map((r) => r.minutes));
  let summary = 'No IC time was logged with a reason in this range.';
  if (rows.length > 0) {
    summary =
      `IC time by reason: ${rows.map((r) => `${r.title} ${hours(r.minutes)}`).join(', ')}. ` +
      (watch.length === 0
        ? 'None of it was logged with a watch-out reason.'
        : `Watch-out reasons (${listing(watch.map((r) => r.title))}) account for ${hours(watchMinutes)}, ` +
          `${Math.round((watchMinutes / total) * 100)}% of the time counted by reason.`) +
      ' A session logged with several reasons counts toward each.';
  }
  // Two series stacked on one bar slot: each reason has a value in exactly one of them, so the
  // legend explains the two colours and the bars stay one per row.
  const values = (kind: 'good' | 'watch-out'): (number | '-')[] =>
    rows.map((r) => (r.kind === kind ? toHours(r.minutes) : '-'));
  const labels = Math.min(180, Math.round(width / 3));
  return {
    id: 'reasons',
    title: 'IC hours by reason',
    summary,
    width,
    height: Math.max(160, 84 + rows.length * 30),
    option: {
      ...base(true, width),
      // The reason names take at most a third of a narrow chart, and are cut short with "…".
      grid: { left: labels, right: 48, top: 44, bottom: 32 },
      xAxis: valueAxis(' h', { minInterval: 1 }),
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) =>
          r.kind === 'watch-out'
            ? { value: r.title, textStyle: { color: COLORS.watchOutEdge, fontWeight: 'bold' as const } }
            : r.title,
        ),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: COLORS.muted } },
        axisLabel: { color: COLORS.text, width: labels - 16, overflow: 'truncate', interval: 0 },
      },
      series: [
        {
          name: 'Good reasons',
          type: 'bar',
          stack: 'reason',
          barMaxWidth: 20,
          itemStyle: { color: COLORS.good },
          label: { show: true, position: 'right', formatter: '{c} h', color: COLORS.text },
          data: values('good'),
        },
        {
          name: 'Watch-out reasons',
          type: 'bar',
          stack: 'reason',
          barMaxWidth: 20,
          // A lighter fill and a dashed edge as well as the colour, so watch-out bars stay apart in
          // greyscale print. (ECharts' decal patterns come out empty in server-side SVG.)
          itemStyle: {
            color: COLORS.watchOut,
            borderColor: COLORS.watchOutEdge,
            borderWidth: 1.5,
            borderType: 'dashed',
          },
          label: {
            show: true,
            position: 'right',
            formatter: '{c} h',
            color: COLORS.watchOutEdge,
            fontWeight: 'bold',
          },
          data: values('watch-out'),
        },
      ],
    },
    table: {
      head: ['Reason', 'Kind', 'Hours'],
      numeric: [false, false, true],
      rows: rows.map((r) => [r.title, r.kind === 'watch-out' ? 'watch out' : 'good', hours(r.minutes)]),
    },
  };
}

// ---------------------------------------------------------------- commitments by age

/** `open` and `postponed` are read as disjoint: open on schedule, and open but put off at least once. */
function commitments(data: ReportData, width: number): ReportChart {
  const buckets = data.commitmentsByAge;
  const open = sum(buckets.map((b) => b.open));
  const postponed = sum(buckets.map((b) => b.postponed));
  const old = buckets.find((b) => b.bucket === '> 4 weeks');
  const oldCount = old ? old.open + old.postponed : 0;
  const total = open + postponed;
  const summary =
    total === 0
      ? 'No commitments were open at the end of the range.'
      : `${plural(total, 'commitment')} open at the end of the range; ${postponed} of them put off at least once. ` +
        `${oldCount === 0 ? 'None is' : `${oldCount} ${oldCount === 1 ? 'is' : 'are'}`} older than four weeks.`;
  return {
    id: 'commitments',
    title: 'Open commitments by age',
    summary,
    width,
    height: 260,
    option: {
      ...base(true, width),
      xAxis: {
        type: 'category',
        data: buckets.map((b) => b.bucket),
        axisLabel: { color: COLORS.muted, interval: 0 },
        axisLine: { lineStyle: { color: COLORS.muted } },
      },
      yAxis: valueAxis('', { minInterval: 1 }),
      series: [
        {
          name: 'Open',
          type: 'bar',
          stack: 'age',
          barMaxWidth: 64,
          itemStyle: { color: COLORS.open },
          data: buckets.map((b) => b.open),
        },
        {
          name: 'Put off at least once',
          type: 'bar',
          stack: 'age',
          barMaxWidth: 64,
          itemStyle: { color: COLORS.postponed },
          data: buckets.map((b) => b.postponed),
        },
      ],
    },
    table: {
      head: ['Age', 'Open', 'Put off'],
      numeric: [false, true, true],
      rows: buckets.map((b) => [b.bucket, String(b.open), String(b.postponed)]),
    },
  };
}

// ---------------------------------------------------------------- focus vs fragmented

function focus(data: ReportData, width: number): ReportChart {
  const withCalendar = data.weeks.filter((w) => w.focusMinutes !== null);
  const focused = sum(known(withCalendar.map((w) => w.focusMinutes)));
  const fragmented = sum(known(withCalendar.map((w) => w.fragmentedMinutes)));
  let summary = 'There are no weeks in this range.';
  if (data.weeks.length > 0 && withCalendar.length === 0) {
    summary = 'No calendar covers these weeks, so free time is not known: import a calendar to see it.';
  } else if (data.weeks.length > 0) {
    const least = withCalendar.reduce((a, b) => (b.focusMinutes! < a.focusMinutes! ? b : a));
    const share = focused + fragmented > 0 ? Math.round((focused / (focused + fragmented)) * 100) : 0;
    summary =
      `Free working time in blocks of two hours or more (focus): ${hours(focused)}; in shorter pieces ` +
      `(fragmented): ${hours(fragmented)}. ${share}% of free time came as focus. The least focus was in ` +
      `the week of ${shortDate(least.start)} (${hours(least.focusMinutes!)}).`;
  }
  return {
    id: 'focus',
    title: 'Focus and fragmented time by week',
    summary,
    width,
    height: CHART_HEIGHT,
    option: {
      ...base(true, width),
      xAxis: weekAxis(data),
      yAxis: valueAxis(' h', { minInterval: 1 }),
      series: [
        {
          name: 'Focus',
          type: 'bar',
          stack: 'free',
          barMaxWidth: 36,
          itemStyle: { color: COLORS.focus },
          data: data.weeks.map((w) => toHours(w.focusMinutes)),
        },
        {
          name: 'Fragmented',
          type: 'bar',
          stack: 'free',
          barMaxWidth: 36,
          itemStyle: { color: COLORS.fragmented },
          data: data.weeks.map((w) => toHours(w.fragmentedMinutes)),
        },
      ],
    },
    table: {
      head: ['Week of', 'Focus', 'Fragmented'],
      numeric: [false, true, true],
      rows: data.weeks.map((w) => [
        shortDate(w.start),
        hoursOrUnknown(w.focusMinutes),
        hoursOrUnknown(w.fragmentedMinutes),
      ]),
    },
  };
}

/** The report's charts, in the order they are shown, drawn `width` px wide (see domain/chart-size.ts). */
export function reportCharts(data: ReportData, width: number = CHART_WIDTH): ReportChart[] {
  return [
    icVsLeadership(data, width),
    icShare(data, width),
    reasons(data, width),
    commitments(data, width),
    focus(data, width),
  ];
}

// ---------------------------------------------------------------- metric trends

export const SPARKLINE_WIDTH = 120;
export const SPARKLINE_HEIGHT = 28;

/** The small trend drawn beside a metric: a bare line from zero, no axes. */
export function sparklineOption(metric: ReportMetric): ReportChartOption {
  const values = metric.trend.map((v) =>
    v !== null && Number.isFinite(v) ? (metric.unit === 'minutes' ? toHours(v) : round1(v)) : null,
  );
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { left: 2, right: 2, top: 3, bottom: 3 },
    xAxis: { type: 'category', show: false, boundaryGap: false, data: values.map((_, i) => String(i + 1)) },
    yAxis: { type: 'value', show: false, min: 0 },
    series: [
      {
        type: 'line',
        silent: true,
        symbol: 'none',
        data: values,
        lineStyle: { color: COLORS.ic, width: 1.5 },
        areaStyle: { color: COLORS.ic, opacity: 0.12 },
      },
    ],
  };
}

export function sparklineDescription(metric: ReportMetric): string {
  const unit = metric.unit === 'minutes' ? ' h' : metric.unit === 'percent' ? '%' : '';
  const values = metric.trend.map((v) =>
    v === null ? NO_CALENDAR : `${metric.unit === 'minutes' ? decimal(v / 60) : decimal(v)}${unit}`,
  );
  return `${metric.label} by week over ${weekCount(metric.trend.length * 7)}: ${values.join(', ')}`;
}
