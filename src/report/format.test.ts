import { describe, expect, it } from 'vitest';
import type { ReportMetric } from '../domain/insight/report-types.js';
import { changeText, longDate, metricValue, shortDate, sparkline } from './format.js';

const metric = (unit: ReportMetric['unit'], value: number, previous: number): ReportMetric => ({
  id: 'ic',
  label: 'IC work',
  unit,
  value,
  previous,
  trend: [],
});

describe('metric values and their change against the previous period', () => {
  it.each([
    // unit, value, previous, shown value, change
    ['minutes', 5680, 4380, '94.7 h', '↑ +21.7 h'],
    ['minutes', 3150, 3600, '52.5 h', '↓ -7.5 h'],
    ['minutes', 600, 598, '10 h', '→ no change'], // two minutes apart: the same when shown in hours
    ['minutes', 45, 0, '0.8 h', '↑ +0.8 h'],
    ['count', 590, 512, '590', '↑ +78'],
    ['count', 3, 4, '3', '↓ -1'],
    ['percent', 99, 76, '99%', '↑ +23 pts'],
    ['percent', 75, 74.4, '75%', '↑ +1 pt'],
    ['percent', 20, 20.2, '20%', '→ no change'],
    ['minutes', Number.NaN, 10, '–', '–'],
  ] as const)('%s %d against %d shows %s, %s', (unit, value, previous, shown, change) => {
    const m = metric(unit, value, previous);
    expect(metricValue(m, m.value)).toBe(shown);
    expect(changeText(m)).toBe(change);
  });
});

describe('sparkline', () => {
  it.each([
    [[0, 1, 2, 3, 4, 5, 6, 7], '▁▂▃▄▅▆▇█'],
    [[300, 660], '▄█'], // from zero: a rise from 5 h to 11 h is not drawn as bottom to top
    [[5, 5, 5], '███'],
    [[0, 0], '▁▁'],
    [[0, 0.1, 100], '▁▂█'], // any time at all stands above none
    [[], ''],
    [[Number.NaN, -3, 4], '▁▁█'],
  ])('%j → %s', (values, expected) => {
    expect(sparkline(values)).toBe(expected);
  });

  it('averages a long trend into the width it is given', () => {
    const year = Array.from({ length: 52 }, (_, i) => (i < 4 ? 0 : i));
    const line = sparkline(year, 13);
    expect([...line]).toHaveLength(13);
    expect(line.startsWith('▁')).toBe(true);
    expect(line.endsWith('█')).toBe(true);
  });
});

describe('dates', () => {
  it.each([
    ['2025-09-01', 'Mon 1 Sep 2025', '1 Sep'],
    ['2024-02-29', 'Thu 29 Feb 2024', '29 Feb'],
    ['not a date', 'not a date', 'not a date'],
  ])('%s', (date, long, short) => {
    expect(longDate(date)).toBe(long);
    expect(shortDate(date)).toBe(short);
  });
});
