import { describe, expect, it } from 'vitest';
import { icSharePct, reportCharts, sparklineOption } from './charts.js';
import { emptyReport, sampleReport } from './test-support/sample.js';

type Series = { name?: string; type: string; data: unknown[]; stack?: string };

describe('chart options', () => {
  const charts = reportCharts(sampleReport());
  const byId = new Map(charts.map((c) => [c.id, c]));
  const series = (id: string): Series[] => byId.get(id as never)!.option.series as Series[];

  it('are plain data, fixed in size and not animated, so a browser draws what the server drew', () => {
    for (const chart of charts) {
      expect(JSON.parse(JSON.stringify(chart.option)), chart.id).toEqual(chart.option);
      expect(chart.option.animation, chart.id).toBe(false);
      expect(chart.width).toBeGreaterThan(0);
      expect(chart.height).toBeGreaterThan(0);
    }
    expect(JSON.parse(JSON.stringify(sparklineOption(sampleReport().metrics[0]!)))).toEqual(
      sparklineOption(sampleReport().metrics[0]!),
    );
  });

  it('stack IC on leadership, and fragmented on focus, in hours per week', () => {
    const [lead, ic] = series('ic-vs-leadership');
    expect(lead!.stack).toBe(ic!.stack);
    expect(ic!.data).toEqual([5, 5.8, 6.5, 7, 6.3, 7.8, 8.5, 8.3, 9.3, 9, 10.3, 11]);
    const [focus, fragmented] = series('focus');
    expect(focus!.stack).toBe(fragmented!.stack);
    expect(focus!.data).toHaveLength(12);
  });

  it('draw watch-out reasons as their own series, largest reason first, without the ones with no time', () => {
    const [good, watch] = series('reasons');
    expect(good!.name).toBe('Good reasons');
    expect(watch!.name).toBe('Watch-out reasons');
    // Escape (3rd) and Insecurity (6th) only in the watch-out series; "-" is "no bar here".
    expect(watch!.data).toEqual(['-', '-', 14, '-', '-', 6, '-']);
    expect(good!.data).toEqual([22, 16, '-', 12, 9, '-', 4]);
  });

  it('put the budget line at the budget', () => {
    const [share] = series('ic-share') as (Series & { markLine: { data: { yAxis: number }[] } })[];
    expect(share!.markLine.data).toEqual([{ yAxis: 20 }]);
    expect(share!.data[0]).toBe(12.5); // 5 h of a 40 h week
  });

  it.each([
    // IC minutes, budget minutes, budget %, IC share of the week
    [480, 480, 20, 20],
    [660, 480, 20, 27.5],
    [0, 480, 20, 0],
    [300, 0, 0, null], // no budget: the week's length cannot be recovered
    [300, 480, 0, null],
  ])('IC share: %d min against a budget of %d min at %d%% → %s', (ic, budgetMinutes, pct, expected) => {
    const week = { ...sampleReport().weeks[0]!, icMinutes: ic, budgetMinutes };
    expect(icSharePct(week, pct)).toBe(expected);
  });

  it('summarise each chart in words with its numbers', () => {
    expect(byId.get('ic-vs-leadership')!.summary).toBe(
      'Over 12 weeks: 94.7 h of IC work done. The most IC was in the week of 17 Nov (11 h). ' +
        'In the 12 weeks a calendar covers: 174.8 h of leadership work (IC was 35% of the two); ' +
        'the least leadership in the week of 17 Nov (10 h).',
    );
    expect(byId.get('ic-share')!.summary).toBe(
      'Your IC budget is 20% of the working week. IC went over it in 6 of 12 weeks ' +
        '(the weeks of 13 Oct, 20 Oct, 27 Oct, 3 Nov and 2 more). The highest share was 27.5% in the week of 17 Nov.',
    );
    expect(byId.get('commitments')!.summary).toBe(
      '15 commitments open at the end of the range; 6 of them put off at least once. 4 are older than four weeks.',
    );
  });

  it('drawn narrow, keep their 12 px text and give the reason names a third of the width', () => {
    const narrow = reportCharts(sampleReport(), 300);
    for (const chart of narrow) {
      expect(chart.width, chart.id).toBe(300);
      expect(chart.option.textStyle, chart.id).toMatchObject({ fontSize: 12 });
      // Same data, same words: only the layout changes with the width.
      expect(chart.option.series, chart.id).toEqual(byId.get(chart.id)!.option.series);
      expect(chart.summary, chart.id).toBe(byId.get(chart.id)!.summary);
    }
    const grid = (c: (typeof narrow)[number]) => c.option.grid as { left: number };
    expect(grid(narrow.find((c) => c.id === 'reasons')!).left).toBe(100);
    expect(grid(byId.get('reasons')!).left).toBe(180);
    expect(grid(narrow.find((c) => c.id === 'focus')!).left).toBeLessThan(grid(byId.get('focus')!).left);
  });

  it('still make sense with nothing recorded', () => {
    const empty = reportCharts(emptyReport());
    expect(empty.map((c) => c.summary)).toEqual([
      'There are no weeks in this range.',
      'There are no weeks in this range.',
      'No IC time was logged with a reason in this range.',
      'No commitments were open at the end of the range.',
      'There are no weeks in this range.',
    ]);
  });
});
