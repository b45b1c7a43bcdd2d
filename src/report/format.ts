import type { Severity } from '../domain/insight/insight-types.js';
import type { ReportData, ReportMetric } from '../domain/insight/report-types.js';
import { largest } from '../domain/numbers.js';
import type { LocalDate } from '../domain/types.js';

/**
 * Words and numbers shared by every report format, so the terminal, Markdown and HTML reports
 * never disagree about a value. English words are fixed here (not `Intl`), so a report reads the
 * same on every machine whatever its locale.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(date: LocalDate): { weekday: string; day: number; month: string; year: number } {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return { weekday: '', day: 0, month: date, year: 0 };
  return {
    weekday: WEEKDAYS[d.getUTCDay()]!,
    day: d.getUTCDate(),
    month: MONTHS[d.getUTCMonth()]!,
    year: d.getUTCFullYear(),
  };
}

/** `Mon 1 Sep 2025`. */
export function longDate(date: LocalDate): string {
  const p = parts(date);
  return p.year === 0 ? date : `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** `1 Sep`: the axis label of a week (its Monday). */
export function shortDate(date: LocalDate): string {
  const p = parts(date);
  return p.year === 0 ? date : `${p.day} ${p.month}`;
}

export function weekCount(days: number): string {
  const weeks = days / 7;
  if (Number.isInteger(weeks)) return weeks === 1 ? '1 week' : `${weeks} weeks`;
  return days === 1 ? '1 day' : `${days} days`;
}

export function rangeLine(data: ReportData): string {
  return `${longDate(data.range.from)} – ${longDate(data.range.to)} (${weekCount(data.range.days)})`;
}

export function previousLine(data: ReportData): string {
  const period = `${longDate(data.previous.from)} – ${longDate(data.previous.to)}`;
  return data.previous.evidence
    ? period
    : `${period}, which is before your history starts (${longDate(data.historyStart)}): nothing to compare with`;
}

/** One decimal, without a trailing `.0`: `62.5`, `48`. */
export function decimal(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

export function hours(minutes: number): string {
  return Number.isFinite(minutes) ? `${decimal(minutes / 60)} h` : '–';
}

/** A metric's value as shown; `–` when nothing is known of it (no calendar, or before the history). */
export function metricValue(metric: Pick<ReportMetric, 'unit'>, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  switch (metric.unit) {
    case 'minutes':
      return hours(value);
    case 'percent':
      return `${Math.round(value)}%`;
    case 'count':
      return decimal(value);
  }
}

export type Direction = 'up' | 'down' | 'same' | 'unknown';

export interface Change {
  direction: Direction;
  arrow: string;
  /** `+14.5 h`, `-3`, `+5 pts`; `no change` when the shown values are equal. */
  text: string;
}

const ARROWS: Record<Direction, string> = { up: '↑', down: '↓', same: '→', unknown: ' ' };

/**
 * The change is computed on the rounded values a reader sees, so a difference of two minutes
 * never shows as `↑ +0 h`.
 */
export function metricChange(metric: ReportMetric): Change {
  const { value, previous } = metric;
  if (value === null || previous === null || !Number.isFinite(value) || !Number.isFinite(previous)) {
    return { direction: 'unknown', arrow: ARROWS.unknown, text: '–' };
  }
  const shown = (n: number): number =>
    metric.unit === 'minutes'
      ? Math.round(n / 6) / 10
      : metric.unit === 'percent'
        ? Math.round(n)
        : Math.round(n * 10) / 10;
  const diff = Math.round((shown(value) - shown(previous)) * 10) / 10;
  if (diff === 0) return { direction: 'same', arrow: ARROWS.same, text: 'no change' };
  const sign = diff > 0 ? '+' : '-';
  const size = decimal(Math.abs(diff));
  const unit =
    metric.unit === 'minutes'
      ? ' h'
      : metric.unit === 'percent'
        ? Math.abs(diff) === 1
          ? ' pt'
          : ' pts'
        : '';
  const direction: Direction = diff > 0 ? 'up' : 'down';
  return { direction, arrow: ARROWS[direction], text: `${sign}${size}${unit}` };
}

export function changeText(metric: ReportMetric): string {
  const c = metricChange(metric);
  return c.direction === 'unknown' ? c.text : `${c.arrow} ${c.text}`;
}

const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * A trend in block characters, scaled from zero (not from the minimum, which would make a
 * steady week-to-week wobble look dramatic). Zero is the lowest block, any positive value at
 * least the second, the maximum the full block. Longer trends than `maxWidth` are averaged into
 * `maxWidth` buckets so the column keeps its width.
 */
export function sparkline(values: readonly (number | null)[], maxWidth = Number.POSITIVE_INFINITY): string {
  // A week nothing is known of (no calendar) is a gap, not a zero.
  const clean = values.map((v) => (v === null ? null : Number.isFinite(v) && v > 0 ? v : 0));
  const points = clean.length > maxWidth ? downsample(clean, Math.max(1, Math.floor(maxWidth))) : clean;
  const max = largest(
    points.map((v) => v ?? 0),
    0,
  );
  return points
    .map((v) =>
      v === null ? ' ' : max === 0 || v === 0 ? SPARKS[0]! : SPARKS[Math.max(1, Math.round((v / max) * 7))]!,
    )
    .join('');
}

/** Averages into `buckets`; a bucket of unknown weeks only stays unknown. */
function downsample(values: readonly (number | null)[], buckets: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < buckets; i++) {
    const slice = values
      .slice(Math.floor((i * values.length) / buckets), Math.floor(((i + 1) * values.length) / buckets))
      .filter((v): v is number => v !== null);
    out.push(slice.length === 0 ? null : slice.reduce((a, b) => a + b, 0) / slice.length);
  }
  return out;
}

/** Flags with the most serious first; the order within a severity is the order given. */
export function sortedFlags(data: ReportData): ReportData['flags'] {
  const rank: Record<Severity, number> = { alert: 0, warning: 1, info: 2 };
  return data.flags
    .map((flag, i) => ({ flag, i }))
    .sort((a, b) => rank[a.flag.severity] - rank[b.flag.severity] || a.i - b.i)
    .map(({ flag }) => flag);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
