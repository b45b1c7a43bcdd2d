import type { Severity } from '../domain/insight/insight-types.js';
import type { ReportData } from '../domain/insight/report-types.js';
import { largest } from '../domain/numbers.js';
import { flagTitle, SEVERITY_LABEL } from '../domain/present/flags.js';
import { FOLLOW_THROUGH_TITLE, followThroughLine } from '../domain/present/follow-through.js';
import { terminalLine } from '../domain/present/terminal-text.js';
import { AppError } from '../errors.js';
import {
  changeText,
  decimal,
  hours,
  metricValue,
  plural,
  previousLine,
  rangeLine,
  sortedFlags,
  sparkline,
} from './format.js';
import { padEnd, padStart, truncate, width as widthOf, wrap } from './text.js';

export interface TerminalOptions {
  /** Colour is off unless asked for, and stays off whenever NO_COLOR is set (https://no-color.org). */
  color?: boolean;
  /** Columns to fit; 80 unless given. */
  width?: number;
  /** Where NO_COLOR is looked up; the process environment unless given. */
  env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_WIDTH = 80;
const MIN_WIDTH = 60;
const MAX_WIDTH = 400;

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan';
const CODES: Record<Style, number> = { bold: 1, dim: 2, red: 31, yellow: 33, cyan: 36 };
const SEVERITY_STYLE: Record<Severity, Style> = { alert: 'red', warning: 'yellow', info: 'cyan' };

export function colorEnabled(options: TerminalOptions): boolean {
  const noColor = (options.env ?? process.env)['NO_COLOR'];
  return options.color === true && (noColor === undefined || noColor === '');
}

/**
 * The report for a terminal: every line fits `width` code points (colour codes aside), a block
 * trend beside each metric, and the flags with their evidence indented under them.
 */
export function renderTerminal(data: ReportData, options: TerminalOptions = {}): string {
  const width = options.width ?? DEFAULT_WIDTH;
  if (!Number.isInteger(width) || width < MIN_WIDTH || width > MAX_WIDTH) {
    throw new AppError(
      'invalid',
      `The report width must be a whole number of columns from ${MIN_WIDTH} to ${MAX_WIDTH}, not ${width}.`,
      { field: 'width' },
    );
  }
  const color = colorEnabled(options);
  const paint = (style: Style, text: string): string =>
    color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
  // Styled text is built from pieces that were fitted first, so colour never changes a width.
  const out: string[] = [];
  const line = (text = ''): void => {
    out.push(text);
  };
  const heading = (text: string): void => line(paint('bold', truncate(text, width)));

  // ---------------------------------------------------------------- header
  heading(`Hands-on report · ${terminalLine(data.leader.name)}`);
  for (const l of wrap(rangeLine(data), width, '')) line(l);
  for (const l of wrap(`Compared with ${previousLine(data)}`, width, '')) line(l);
  const budget = `IC budget ${decimal(data.leader.budgetPct)}% of the working week`;
  for (const l of wrap(`${budget} · times in ${terminalLine(data.leader.tz)}`, width, ''))
    line(paint('dim', l));
  line();

  // ---------------------------------------------------------------- metrics
  const rows = data.metrics.map((m) => ({
    label: terminalLine(m.label),
    value: metricValue(m, m.value),
    previous: metricValue(m, m.previous),
    change: changeText(m),
    trend: m.trend,
  }));
  const head = {
    label: 'METRICS',
    value: 'This period',
    previous: 'Previous',
    change: 'Change',
    trend: 'Trend',
  };
  const col = (key: 'value' | 'previous' | 'change'): number =>
    largest(
      rows.map((r) => widthOf(r[key])),
      widthOf(head[key]),
    );
  const valueW = col('value');
  const previousW = col('previous');
  const changeW = col('change');
  // The numbers keep their width; the trend and the label share what is left, the label keeping
  // at least 12 columns (a long label is cut, a long trend is averaged into fewer blocks).
  const room = width - (valueW + previousW + changeW + 4 * 2);
  const wantTrend = Math.min(
    24,
    largest(
      data.metrics.map((m) => m.trend.length),
      5,
    ),
  );
  const trendWidth = Math.max(0, Math.min(wantTrend, room - 12));
  const labelW = Math.max(1, room - trendWidth);
  type Row = Omit<typeof head, 'trend'> & { trend: string };
  const metricLine = (r: Row, style?: (part: 'label' | 'previous', text: string) => string): string => {
    const s = style ?? ((_: string, t: string) => t);
    return [
      s('label', padEnd(truncate(r.label, labelW), labelW)),
      padStart(r.value, valueW),
      s('previous', padStart(r.previous, previousW)),
      padEnd(r.change, changeW),
      truncate(r.trend, trendWidth),
    ]
      .join('  ')
      .trimEnd();
  };
  line(metricLine(head, (part, t) => (part === 'label' ? paint('bold', t) : t)));
  if (rows.length === 0) line('No metrics for this range.');
  for (const r of rows) {
    const trend = trendWidth === 0 ? '' : sparkline(r.trend, trendWidth);
    line(metricLine({ ...r, trend }, (part, t) => (part === 'previous' ? paint('dim', t) : t)));
  }
  for (const l of wrap(
    `Change is against ${previousLine(data)}. Trend: one block per week, oldest first, from zero.`,
    width,
    '',
  )) {
    line(paint('dim', l));
  }
  line();

  // ---------------------------------------------------------------- reasons
  heading('REASONS FOR IC WORK');
  const reasons = [...data.reasons].filter((r) => r.minutes > 0).sort((a, b) => b.minutes - a.minutes);
  if (reasons.length === 0) line('  No IC time was logged with a reason.');
  else {
    const marker = '  watch out';
    const titleW = Math.min(28, largest(reasons.map((r) => widthOf(terminalLine(r.title)))));
    const hoursW = largest(reasons.map((r) => widthOf(hours(r.minutes))));
    const barW = Math.max(4, width - (2 + titleW + 2 + hoursW + 2) - widthOf(marker));
    const max = largest(reasons.map((r) => r.minutes));
    for (const r of reasons) {
      const watch = r.kind === 'watch-out';
      const cells = Math.max(1, Math.round((r.minutes / max) * barW));
      // A different block as well as a word, so watch-out rows stand out without colour.
      const bar = (watch ? '▒' : '█').repeat(cells);
      const title = padEnd(truncate(terminalLine(r.title), titleW), titleW);
      const text = `  ${title}  ${padStart(hours(r.minutes), hoursW)}  ${bar}${watch ? marker : ''}`;
      line(watch ? paint('yellow', text) : text);
    }
    for (const l of wrap('A session logged with several reasons counts toward each.', width, '  ')) {
      line(paint('dim', l));
    }
  }
  line();

  // ---------------------------------------------------------------- commitments
  heading('OPEN COMMITMENTS BY AGE');
  const buckets = data.commitmentsByAge;
  if (buckets.every((b) => b.open + b.postponed === 0))
    line('  No commitments were open at the end of the range.');
  else {
    const bucketW = largest(buckets.map((b) => widthOf(b.bucket)));
    const cells = buckets.map((b) => [`${b.open} open`, `${b.postponed} put off`]);
    const openW = largest(cells.map((c) => widthOf(c[0]!)));
    const postW = largest(cells.map((c) => widthOf(c[1]!)));
    const most = largest(buckets.map((b) => b.open + b.postponed));
    const barW = Math.max(4, width - (2 + bucketW + 2 + openW + 2 + postW + 2));
    buckets.forEach((b, i) => {
      const open = Math.round((b.open / most) * barW);
      const postponed = Math.round(((b.open + b.postponed) / most) * barW) - open;
      const bar = '█'.repeat(open) + paint('yellow', '▒'.repeat(postponed));
      line(
        `  ${padEnd(b.bucket, bucketW)}  ${padStart(cells[i]![0]!, openW)}  ${padEnd(cells[i]![1]!, postW)}  ${bar}`.trimEnd(),
      );
    });
    for (const l of wrap('█ open on schedule  ▒ put off at least once', width, '  ')) line(paint('dim', l));
  }
  line();

  // ---------------------------------------------------------------- flags
  const flags = sortedFlags(data);
  heading(flags.length === 0 ? 'FLAGS' : `FLAGS (${flags.length})`);
  if (flags.length === 0) line('  No flags for this period.');
  for (const flag of flags) {
    const severity = SEVERITY_LABEL[flag.severity].toUpperCase();
    const title = truncate(flagTitle(flag.id), width - 2 - widthOf(severity) - 3);
    line(`  ${paint(SEVERITY_STYLE[flag.severity], severity)} · ${paint('bold', title)}`);
    for (const l of wrap(terminalLine(flag.text), width, '    ')) line(l);
    if (flag.evidence.length > 0) {
      line(paint('dim', truncate(`    Evidence (${plural(flag.evidence.length, 'item')}):`, width)));
    }
    for (const e of flag.evidence) {
      for (const l of wrap(terminalLine(e.label), width, '      - ', '        ')) line(l);
    }
    line();
  }

  // ---------------------------------------------------------------- follow-through
  if (data.followThrough.length > 0) {
    heading(FOLLOW_THROUGH_TITLE.toUpperCase());
    for (const f of data.followThrough) {
      for (const l of wrap(terminalLine(followThroughLine(f)), width, '  - ', '    ')) line(l);
    }
    line();
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}
