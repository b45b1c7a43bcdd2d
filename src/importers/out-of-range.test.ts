import { describe, expect, it } from 'vitest';
import { momentText, outsideRange, skippedOutsideRange } from './out-of-range.js';

describe('records dated outside 1970-01-01 to 2100-12-31', () => {
  it.each([
    [{ Created: '2026-11-25T10:00:00.000Z', Resolved: undefined }, undefined],
    [{ Created: '1970-01-01T00:00:00.000Z', date: '2100-12-31' }, undefined],
    [
      { Created: '2026-11-25T10:00:00.000Z', Resolved: '2101-01-01T00:00:00.000Z' },
      'Resolved 2101-01-01T00:00:00.000Z',
    ],
    [{ Created: '-000001-12-31T23:06:32.000Z' }, 'Created -000001-12-31T23:06:32.000Z'],
    [{ date: '1969-12-31', Created: '0000-01-01T00:00:00.000Z' }, 'date 1969-12-31'],
  ])('%j → %s', (values, found) => {
    expect(outsideRange(values)).toBe(found);
  });

  it('writes a moment JavaScript cannot as what it lies beyond', () => {
    expect(momentText(Date.parse('2200-01-01T00:00:00Z'))).toBe('2200-01-01T00:00:00.000Z');
    expect(momentText(9e15)).toBe('+275760-09-13 or later');
    expect(momentText(-9e15)).toBe('-271821-04-20 or earlier');
  });

  it('reports none, or all of them in one entry naming the first five', () => {
    expect(skippedOutsideRange([])).toEqual([]);
    const places = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((p) => `x.csv line ${p}: Created 0000-01-01`);
    expect(skippedOutsideRange(places)).toEqual([
      {
        why: `dated before 1970-01-01 or after 2100-12-31: ${places.slice(0, 5).join('; ')}; and 2 more`,
        count: 7,
      },
    ]);
  });
});
