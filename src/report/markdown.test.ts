import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { emptyReport, sampleReport } from './test-support/sample.js';

describe('Markdown report', () => {
  it('has the header, a metrics table with one row per metric, charts in words and flags with evidence', () => {
    const data = sampleReport();
    const text = renderMarkdown(data);
    const lines = text.split('\n');
    expect(lines[0]).toBe('# Hands-on report: Alex Morgan');
    expect(text).toContain('- **Period:** Mon 1 Sep 2025 – Sun 23 Nov 2025 (12 weeks)');
    expect(text).toContain('- **Compared with:** Mon 9 Jun 2025 – Sun 31 Aug 2025');

    const table = lines.filter((l) => l.startsWith('| '));
    expect(table[0]).toBe('| Metric | This period | Previous | Change | Trend by week |');
    expect(table).toHaveLength(2 + data.metrics.length); // header, alignment row, metrics
    expect(table).toContain('| IC work | 94.7 h | 73 h | ↑ +21.7 h | ▄▅▅▅▅▆▆▆▇▇██ |');
    // Every table row has the same number of cells, so no value broke out of its column.
    for (const row of table) expect(row.split(' | ')).toHaveLength(5);

    expect(lines.filter((l) => l.startsWith('### ')).slice(0, 5)).toEqual([
      '### IC and leadership hours by week',
      '### IC share of the working week against the budget',
      '### IC hours by reason',
      '### Open commitments by age',
      '### Focus and fragmented time by week',
    ]);
    expect(text).toContain('IC went over it in 6 of 12 weeks');
    expect(text).toContain('Watch-out reasons (Escape and Insecurity) account for 20 h');

    expect(text).toContain('## Flags (4)');
    const escapeAt = lines.indexOf('### Needs your attention: IC work as a way out of something hard');
    expect(escapeAt).toBeGreaterThan(0);
    expect(lines.indexOf('### Worth a closer look: IC time above your budget')).toBeGreaterThan(escapeAt);
    const bullets = lines
      .slice(escapeAt, lines.indexOf('### Worth a closer look: IC time above your budget'))
      .filter((l) => l.startsWith('- '));
    expect(bullets).toHaveLength(data.flags.find((f) => f.id === 'escape')!.evidence.length);
    expect(bullets[0]).toBe('- Week of Mon 17 Nov — 11 h of IC against a budget of 8 h (138%)');
  });

  it('stays readable as plain text: no HTML tags, no runs of blank lines', () => {
    const text = renderMarkdown(sampleReport());
    expect(text).not.toMatch(/<[a-z/]/i);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/\n{3,}/);
  });

  it('escapes user text so it cannot add markup or break the table', () => {
    const data = sampleReport();
    data.leader.name = '<script>alert(1)</script>';
    data.metrics[0]!.label = 'IC | hidden *column*';
    data.reasons[0]!.title = '[click](javascript:alert(2))';
    data.flags[0]!.evidence[0]!.label = '# heading\n- and a list';
    const text = renderMarkdown(data);
    expect(text).toContain('# Hands-on report: \\<script\\>alert(1)\\</script\\>');
    expect(text).toContain('| IC \\| hidden \\*column\\* | 94.7 h |');
    expect(text).toContain('\\[click\\](javascript:alert(2))');
    expect(text).toContain('- \\# heading - and a list');
    expect(text).not.toContain('<script>');
  });

  it('says so when there is nothing to show', () => {
    const text = renderMarkdown(emptyReport());
    expect(text).toContain('No IC time was logged with a reason in this range.');
    expect(text).toContain('No commitments were open at the end of the range.');
    expect(text).toContain('## Flags\n\nNo flags for this period.');
  });
});
