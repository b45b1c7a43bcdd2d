import type { ReportData } from '../api/types.js';
import { weekRange } from './format.js';

/**
 * The dashboard's charts are SVG pictures drawn by the server (GET /api/charts/<id>.svg?from&to&width,
 * from the same data as `insight.report`), so no chart library is shipped to the browser. Each is
 * drawn for the width the page has for it, so its labels keep their size on a phone. The heights
 * mirror src/report/charts.ts, so the page keeps their space before they arrive; they are listed
 * in the order shown, the one whose height depends on the data last.
 */

export type ChartId = 'ic-vs-leadership' | 'ic-share' | 'focus' | 'reasons' | 'commitments';

export interface ChartSpec {
  id: ChartId;
  title: string;
  /** What the picture shows, for people who cannot see it. */
  describe(data: ReportData): string;
  /** The picture's height in pixels; without data, the height it most often has. */
  height(data: ReportData | undefined): number;
}

const span = (d: ReportData) =>
  d.weeks.length > 0
    ? `the weeks of ${weekRange(d.weeks[0]!.start, d.weeks[d.weeks.length - 1]!.end)}`
    : 'this range';

export const CHARTS: readonly ChartSpec[] = [
  {
    id: 'ic-vs-leadership',
    title: 'IC and leadership hours by week',
    describe: (d) =>
      `Stacked bars of IC and leadership hours for each of ${span(d)}. The table below has the numbers.`,
    height: () => 300,
  },
  {
    id: 'ic-share',
    title: 'IC share of the working week, against your budget',
    describe: (d) =>
      `A line of the share of each week spent on IC work over ${span(d)}, with your budget of ${d.leader.budgetPct}% marked.`,
    height: () => 300,
  },
  {
    id: 'focus',
    title: 'Focus and fragmented time by week',
    describe: (d) =>
      `Bars of free time in blocks of two hours or more, beside free time in shorter pieces, for each of ${span(d)}.`,
    height: () => 300,
  },
  {
    id: 'commitments',
    title: 'Open commitments by age',
    describe: () =>
      'Bars of the commitments still open, by how long ago they were made, with postponed ones apart.',
    height: () => 260,
  },
  {
    id: 'reasons',
    title: 'IC hours by reason',
    describe: (d) =>
      d.reasons.some((r) => r.minutes > 0)
        ? `Bars of logged IC hours for each reason: ${d.reasons
            .filter((r) => r.minutes > 0)
            .map((r) => r.title)
            .join(', ')}.`
        : 'No IC time was logged with a reason in this range.',
    height: (d) => Math.max(160, 84 + (d?.reasons.filter((r) => r.minutes > 0).length ?? 0) * 30),
  },
];

/**
 * `drawn` tells one drawing from the next: a browser keeps the pictures a page has shown by their
 * address (whatever the server's no-store says), so without it the dashboard would show the charts
 * as they were on its first visit, before the leader logged or imported anything.
 */
export function chartUrl(id: ChartId, from: string, to: string, width: number, drawn?: string): string {
  const query = new URLSearchParams({ from, to, width: String(width) });
  if (drawn !== undefined) query.set('drawn', drawn);
  return `/api/charts/${id}.svg?${query.toString()}`;
}
