import { describe, expect, it } from 'vitest';
import type { ReportData } from '../api/types.js';
import { CHARTS, chartUrl } from './charts.js';

const data = {
  range: { from: '2026-10-05', to: '2026-11-29', days: 56 },
  previous: { from: '2026-08-10', to: '2026-10-04' },
  leader: { name: 'Sam', tz: 'Europe/Berlin', budgetPct: 20 },
  metrics: [],
  weeks: [
    { start: '2026-10-05', end: '2026-10-11' },
    { start: '2026-11-23', end: '2026-11-29' },
  ],
  reasons: [
    { reason: 'unwind', title: 'Unwind', kind: 'good', minutes: 120 },
    { reason: 'escape', title: 'Escape', kind: 'watch-out', minutes: 60 },
    { reason: 'empty', title: 'Empty', kind: 'good', minutes: 0 },
  ],
  commitmentsByAge: [],
  flags: [],
} as unknown as ReportData;

describe('charts', () => {
  it('asks the server for one chart over a range, drawn for the width it is shown at', () => {
    expect(chartUrl('focus', '2026-10-05', '2026-11-25', 340)).toBe(
      '/api/charts/focus.svg?from=2026-10-05&to=2026-11-25&width=340',
    );
    expect(chartUrl('focus', '2026-10-05', '2026-11-25', 720, 'k2')).toBe(
      '/api/charts/focus.svg?from=2026-10-05&to=2026-11-25&width=720&drawn=k2',
    );
  });

  it('keeps the reasons chart as tall as the server draws it: one row per reason with time', () => {
    const reasons = CHARTS.find((c) => c.id === 'reasons')!;
    expect(reasons.height(data)).toBe(160);
    expect(reasons.height(undefined)).toBe(160);
    expect(reasons.height({ ...data, reasons: Array(5).fill(data.reasons[0]) })).toBe(234);
  });

  it('shows the chart whose height depends on the data last, so it pushes nothing down', () => {
    expect(CHARTS.at(-1)?.id).toBe('reasons');
  });

  it('describes each chart in words, with the range it covers', () => {
    const text = CHARTS.map((c) => c.describe(data)).join(' ');
    expect(text).toContain('5 Oct – 29 Nov 2026');
    expect(text).toContain('budget of 20%');
    expect(text).toContain('Unwind, Escape');
  });
});
