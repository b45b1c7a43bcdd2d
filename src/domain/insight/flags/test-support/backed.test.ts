import { describe, expect, it } from 'vitest';
import { claims } from './backed.js';

describe('claims', () => {
  it.each([
    {
      text: 'On Tue 24 Nov the 1:1 with Priya Sharma “Weekly 1:1” was cancelled and you did 4.8 h of IC work that day.',
      names: ['Priya Sharma', 'Sam'],
      found: ['Tue 24 Nov', '4.8 h', '“Weekly 1:1”', 'Priya Sharma'],
    },
    {
      text: 'Over the last 4 weeks you spent 30 min in 1:1s with Samir, 8 min a week (41%), energy 3 → 2.',
      names: ['Sam'],
      found: ['30 min', '8 min', '41%', '3 → 2'],
    },
    { text: 'You committed to api in 3 of the last 4 weeks (8 commits on 3 days).', names: [], found: [] },
  ])('finds the days, figures, quotations and people in “$text”', ({ text, names, found }) => {
    expect(claims(text, names)).toEqual(found);
  });
});
