import { describe, expect, it } from 'vitest';
import { href, parseHash } from './router.js';

describe('hash routes', () => {
  it.each([
    ['', '/'],
    ['#', '/'],
    ['#/', '/'],
    ['#/check', '/check'],
    ['#check/', '/check'],
    ['#/review?week=2026-11-23', '/review'],
  ])('%j is the page %s', (hash, path) => {
    expect(parseHash(hash).path).toBe(path);
  });

  it('reads and writes parameters', () => {
    expect(parseHash('#/review?week=2026-11-23').params.get('week')).toBe('2026-11-23');
    expect(href('/review', { week: '2026-11-23', empty: '', none: undefined })).toBe(
      '#/review?week=2026-11-23',
    );
    expect(href('/')).toBe('#/');
  });
});
