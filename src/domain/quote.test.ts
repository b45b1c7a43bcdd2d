import { describe, expect, it } from 'vitest';
import { quote } from './quote.js';

describe('quote', () => {
  it.each([
    { name: 'plain text', text: 'Fix the deploy script', quoted: '“Fix the deploy script”' },
    { name: 'trimmed', text: '  Weekly 1:1 ', quoted: '“Weekly 1:1”' },
    { name: 'already quoted', text: '“Weekly 1:1”', quoted: '“Weekly 1:1”' },
    {
      name: 'a quotation inside',
      text: '“Just helping” has turned into owning',
      quoted: '“‘Just helping’ has turned into owning”',
    },
    { name: 'two quotations', text: '“A” and “B”', quoted: '“‘A’ and ‘B’”' },
    { name: 'straight quotes are left alone', text: 'the "fast" path', quoted: '“the "fast" path”' },
  ])('$name', ({ text, quoted }) => {
    expect(quote(text)).toBe(quoted);
    // Quoting again changes nothing: no doubled quotes, whoever quoted first.
    expect(quote(quote(text))).toBe(quoted);
  });
});
