import { describe, expect, it } from 'vitest';
import { largest } from './numbers.js';

describe('largest', () => {
  it('is Math.max without the spread', () => {
    expect(largest([3, 9, 2])).toBe(9);
    expect(largest([], 0)).toBe(0);
    expect(largest([-5], 0)).toBe(0);
    expect(largest([])).toBe(Number.NEGATIVE_INFINITY);
  });

  it('takes 200,000 values, where a spread overflows the stack', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => i);
    expect(largest(many)).toBe(199_999);
  });
});
