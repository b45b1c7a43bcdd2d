import { describe, expect, it } from 'vitest';
import { budgetText, hoursText, NO_EVIDENCE, opensText, shareLinks } from './public-links.js';

describe('how a public link is said', () => {
  it('hands the address and title to each site in its own parameter, encoded', () => {
    const url = 'https://handson.example.org/p/abc_DEF-123';
    const links = shareLinks(url, 'IC & leadership, Q4 + more');
    expect(links.map((l) => l.label)).toEqual(['Email', 'LinkedIn', 'X']);
    for (const l of links) {
      const u = new URL(l.href);
      const params = [...u.searchParams.values()].join('\n');
      expect(params).toContain(url);
      // Spaces as %20: a mail client shows a `+` literally.
      expect(l.href).not.toContain('+');
    }
    expect(new URL(links[0]!.href).searchParams.get('subject')).toBe('IC & leadership, Q4 + more');
    expect(new URL(links[1]!.href).origin).toBe('https://www.linkedin.com');
    expect(new URL(links[2]!.href).searchParams.get('url')).toBe(url);
  });

  it.each([
    [null, NO_EVIDENCE],
    [0, '0 h'],
    [90, '1.5 h'],
    [12_345, '205.8 h'],
  ] as const)('says %s minutes as %s', (minutes, text) => {
    expect(hoursText(minutes, NO_EVIDENCE)).toBe(text);
  });

  it('keeps an unknown budget use unknown, and still says the budget', () => {
    expect(budgetText(null, 15)).toBe(`${NO_EVIDENCE} (the budget: 15% of working time)`);
    expect(budgetText(80, 15)).toBe('80% of the IC budget used (the budget: 15% of working time)');
  });

  it.each([
    [0, 'not opened yet'],
    [1, 'opened once'],
    [2, 'opened twice'],
    [7, 'opened 7 times'],
  ])('counts %i opens as “%s”', (n, text) => {
    expect(opensText(n)).toBe(text);
  });
});
