import { describe, expect, it } from 'vitest';
import { emails, items, lines, numberOrText, optional, slugify } from './forms.js';

describe('reading what was typed', () => {
  it.each([
    ['', undefined],
    ['  ', undefined],
    ['90', 90],
    [' 1.5 ', 1.5],
    ['1,5', 1.5],
    ['.5', 0.5],
    ['-2', -2],
    ['six', 'six'],
    ['6h', '6h'],
    ['1e3', '1e3'],
  ])('%j reads as %j', (text, value) => {
    expect(numberOrText(text)).toBe(value);
  });

  it('treats a blank optional field as absent', () => {
    expect(optional('  ')).toBeUndefined();
    expect(optional(' Priya ')).toBe('Priya');
  });

  it('splits lists the way people type them', () => {
    expect(lines('fix the docs\n\n  add a test  \r\n')).toEqual(['fix the docs', 'add a test']);
    expect(items('Ana Lima, alima; \nA. L.')).toEqual(['Ana Lima', 'alima', 'A. L.']);
    expect(emails('a@x.io, b@x.io\nc@x.io  d@x.io;')).toEqual(['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io']);
  });

  it.each([
    ['Pairing practice!', 'pairing-practice'],
    ['  Café & crème ', 'cafe-creme'],
    ['A'.repeat(39) + ' b', 'a'.repeat(39)],
    ['???', ''],
  ])('suggests the id %j → %j', (title, id) => {
    expect(slugify(title)).toBe(id);
  });
});
