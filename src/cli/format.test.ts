import { describe, expect, it } from 'vitest';
import { table } from './format.js';

describe('table', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(
      table([
        ['ID', 'TITLE'],
        ['abc12345', 'Spike'],
        ['x', 'Fix'],
      ]),
    ).toBe('ID        TITLE\nabc12345  Spike\nx         Fix');
  });

  it('lays out 200,000 rows (`handson events` over years of calendar) without overflowing the stack', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [String(i), 'event']);
    const lines = table([['N', 'TITLE'], ...rows]).split('\n');
    expect(lines).toHaveLength(200_001);
    expect(lines[200_000]).toBe('199999  event');
  });
});
