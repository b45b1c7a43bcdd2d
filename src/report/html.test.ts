import { describe, expect, it } from 'vitest';
import { renderHtml } from './html.js';
import { emptyReport, sampleReport } from './test-support/sample.js';

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

describe('HTML report', () => {
  const html = renderHtml(sampleReport());

  it('has the header, the metrics with their change, every chart and every flag with its evidence', () => {
    expect(html).toContain('<title>Hands-on report: Alex Morgan, 1 Sep – Sun 23 Nov 2025</title>');
    expect(html).toContain('<h1>Alex Morgan</h1>');
    expect(html).toContain('<dd>Mon 1 Sep 2025 – Sun 23 Nov 2025 (12 weeks)</dd>');
    expect(html).toContain('<dd>Mon 9 Jun 2025 – Sun 31 Aug 2025</dd>');

    expect(count(html, /<tr><th scope="row">/g)).toBeGreaterThanOrEqual(8);
    expect(html).toMatch(
      /<tr><th scope="row">IC work<\/th><td class="num" data-label="This period">94\.7 h<\/td><td class="num muted" data-label="Previous">73 h<\/td><td class="change up" data-label="Change"><span class="arrow" aria-hidden="true">↑<\/span> \+21\.7 h<\/td>/,
    );
    expect(html).toContain(
      '<td class="change down" data-label="Change"><span class="arrow" aria-hidden="true">↓</span> -7.5 h</td>',
    );

    for (const id of ['ic-vs-leadership', 'ic-share', 'reasons', 'commitments', 'focus']) {
      const figure = html.match(
        new RegExp(`<figure class="chart-figure" id="${id}"[\\s\\S]*?</figure>`),
      )?.[0];
      expect(figure, id).toBeDefined();
      // Accessible: the SVG is an image named by its <title>, described by the summary,
      // which is also shown as text with the figures in a table.
      expect(figure).toMatch(
        new RegExp(`<svg class="chart chart-wide" role="img" aria-labelledby="chart-${id}-title"`),
      );
      // And a copy drawn for a phone, which the styles show instead below 720 px.
      expect(figure).toMatch(
        new RegExp(
          `<svg class="chart chart-narrow" role="img" aria-labelledby="chart-${id}-narrow-title"[^>]* viewBox="0 0 300 `,
        ),
      );
      expect(figure).toMatch(new RegExp(`<title id="chart-${id}-title">[^<]+</title>`));
      expect(figure).toMatch(new RegExp(`<desc id="chart-${id}-desc">[^<]+</desc>`));
      expect(figure).toMatch(/<p class="summary">[^<]+<\/p>/);
      expect(figure).toContain('<table class="data">');
    }
    expect(count(html, /<svg class="spark" role="img"/g)).toBe(8);

    const flags = [
      ...html.matchAll(/<article class="flag severity-(\w+)" data-flag="([\w-]+)">([\s\S]*?)<\/article>/g),
    ];
    expect(flags.map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'alert escape',
      'warning budget',
      'warning interference',
      'info unwind-not-working',
    ]);
    expect(count(flags[0]![3]!, /<li /g)).toBe(5);
    expect(flags[0]![3]).toContain(
      '<span class="kind">put off</span><span>Thu 6 Nov — put off the tough conversation with Sam from Fri 7 Nov to Fri 14 Nov (“waiting for the incident review”)</span>',
    );
  });

  it('is one self-contained file: no script, nothing to fetch, a policy that forbids both', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import/i);
    expect(html).not.toMatch(/\s(src|href|xlink:href)=/i);
    expect(html).not.toMatch(/url\((?!#)/);
    // The only URLs are XML namespace names inside the SVGs, which nothing fetches.
    const urls = new Set(html.match(/https?:\/\/[^\s"')]+/g));
    expect([...urls].sort()).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html.length).toBeLessThan(200_000);
  });

  it('prints each section from a new page and never splits a chart', () => {
    expect(html).toMatch(/@media print \{[\s\S]*section \{ break-before: page; \}/);
    expect(html).toMatch(
      /@media print \{[\s\S]*\.chart-figure, \.flag, tr, \.facts \{ break-inside: avoid; \}/,
    );
  });

  it('gives every element id once, so the inline SVGs do not borrow each other’s clip paths', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('comes out the same every time, whatever was rendered before in the process', () => {
    renderHtml(emptyReport());
    expect(renderHtml(sampleReport())).toBe(html);
  });

  it('escapes every user-written string: a title cannot become markup', () => {
    const data = sampleReport();
    const attack = '<script>alert(1)</script>';
    data.leader.name = attack;
    data.leader.tz = attack;
    data.metrics[0]!.label = attack;
    data.reasons[0]!.title = attack;
    data.reasons[1]!.title = '"><img src=x onerror=alert(2)>';
    data.flags[0]!.text = attack;
    data.flags[0]!.evidence[0]!.label = attack;
    const out = renderHtml(data);
    expect(out).not.toMatch(/<script|<img/i);
    expect(out).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(out).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(out).toContain('<th scope="row">&lt;script&gt;alert(1)&lt;/script&gt;</th>');
    // Inside the reasons chart, the title is text too.
    expect(out).toMatch(/<text [^>]*>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/text>/);
    expect(count(out, /<svg /g)).toBe(count(html, /<svg /g));
  });

  it('keeps a dollar sign in a title as written', () => {
    const data = sampleReport();
    data.reasons[0]!.title = "Cost $& $1 $' review";
    expect(renderHtml(data)).toContain('Cost $&amp; $1 $&#39; review 22 h');
  });

  it('renders a journal with nothing in it', () => {
    const out = renderHtml(emptyReport());
    expect(out).toContain('<p>No flags for this period.</p>');
    expect(out).toContain('No IC time was logged with a reason in this range.');
    expect(count(out, /<svg class="chart chart-wide"/g)).toBe(5);
    expect(count(out, /<svg class="chart chart-narrow"/g)).toBe(5);
  });
});
