import { describe, expect, it } from 'vitest';
import { CHART_MAX_WIDTH, CHART_MIN_WIDTH, CHART_WIDTH, chartWidth } from './chart-size.js';

describe('chartWidth', () => {
  it.each([
    {
      space: 343,
      drawn: 340,
      why: 'a phone: rounded down, so the picture is never shown smaller than drawn',
    },
    { space: 720, drawn: 720, why: 'the report width' },
    { space: 735, drawn: 720, why: 'a few pixels more draw nothing new' },
    { space: 120, drawn: CHART_MIN_WIDTH, why: 'too narrow for axes and legend' },
    { space: 4000, drawn: CHART_MAX_WIDTH, why: 'wider only gets emptier' },
    { space: undefined, drawn: CHART_WIDTH, why: 'not asked' },
    { space: Number.NaN, drawn: CHART_WIDTH, why: 'not a number' },
  ])('draws $drawn px for $space px: $why', ({ space, drawn }) => {
    expect(chartWidth(space)).toBe(drawn);
  });
});
