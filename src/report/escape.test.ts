import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown } from './escape.js';

describe('escaping user-written text', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"quoted" & 'single'`, '&quot;quoted&quot; &amp; &#39;single&#39;'],
    ['Plain title', 'Plain title'],
  ])('HTML: %s', (text, expected) => {
    expect(escapeHtml(text)).toBe(expected);
  });

  it.each([
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['a | b', 'a \\| b'],
    ['*bold* and _it_ and `code` and [link](x)', '\\*bold\\* and \\_it\\_ and \\`code\\` and \\[link\\](x)'],
    ['# not a heading', '\\# not a heading'],
    ['- not a list', '\\- not a list'],
    ['1. not a list', '1\\. not a list'],
    ['line\nbreak', 'line break'],
    ['a\u001b[2J title', 'a␛\\[2J title'],
    ['Q&A on 1:1s — fine as it is', 'Q&A on 1:1s — fine as it is'],
  ])('Markdown: %j', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });
});
