import { describe, expect, it } from 'vitest';
import type { ReportData } from '../domain/insight/report-types.js';
import { AppError } from '../errors.js';
import { renderTerminal } from './terminal.js';
import { emptyReport, sampleReport } from './test-support/sample.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const NO_ENV = {};

/** Lines as a terminal shows them: colour codes take no columns. */
function screenLines(text: string): string[] {
  return text.replace(ANSI, '').split('\n');
}

/** Width in code points, the unit the report promises to fit. */
const cols = (line: string): number => [...line].length;

/** Everything long that a real journal can hold: names, titles, a year of weeks, big numbers. */
function stressReport(): ReportData {
  const data = sampleReport();
  data.leader.name = 'Maximiliane Alexandra von Hohenberg-Schwarzenfeld-Oberkirchen, VP Engineering 🚀';
  data.leader.tz = 'America/Argentina/ComodRivadavia';
  data.metrics[0]!.label = 'IC work including everything estimated from commits and calendar focus blocks';
  data.metrics[0]!.value = 9_999_999;
  data.metrics[0]!.previous = 1;
  data.metrics[0]!.trend = Array.from({ length: 52 }, (_, i) => (i * 37) % 600);
  data.reasons[0]!.title =
    'Reviewing every single pull request personally because nobody else knows the payment code';
  data.flags[0]!.text =
    `${'Averyveryveryverylongwordwithoutanyspacesatall'.repeat(3)} and then ${'words '.repeat(40)}`;
  data.flags[0]!.evidence[0]!.label = `Tue 4 Nov — IC session “${'x'.repeat(150)}”, 2 h`;
  return data;
}

describe('terminal report', () => {
  it('shows the header, each metric with its change and trend, the reasons, commitments and flags', () => {
    const text = renderTerminal(sampleReport(), { env: NO_ENV });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Hands-on report · Alex Morgan');
    expect(text).toContain('Mon 1 Sep 2025 – Sun 23 Nov 2025 (12 weeks)');
    expect(text).toContain('Compared with Mon 9 Jun 2025 – Sun 31 Aug 2025');
    expect(text).toContain('IC budget 20% of the working week');

    const ic = lines.find((l) => l.startsWith('IC work'))!;
    expect(ic).toMatch(/IC work\s+94\.7 h\s+73 h\s+↑ \+21\.7 h\s+([▁▂▃▄▅▆▇█]{12})$/);
    const trend = ic.match(/([▁▂▃▄▅▆▇█]+)$/)![1]!;
    expect(trend.endsWith('█')).toBe(true); // the last week had the most IC
    expect(lines.find((l) => l.startsWith('1:1 time'))).toMatch(/↓ -7\.5 h/);
    expect(lines.find((l) => l.startsWith('IC budget used'))).toMatch(/99%\s+76%\s+↑ \+23 pts/);
    for (const m of sampleReport().metrics) expect(lines.some((l) => l.startsWith(m.label))).toBe(true);

    // Watch-out reasons are marked in words, not only in colour.
    expect(lines.find((l) => l.includes('Escape') && l.includes('14 h'))).toMatch(/▒+ {2}watch out$/);
    expect(lines.find((l) => l.includes('Ground truth'))).not.toMatch(/watch out/);
    expect(lines.find((l) => l.trimStart().startsWith('> 4 weeks'))).toMatch(/1 open\s+3 put off/);
  });

  it('lists flags most serious first, each with its evidence indented under it', () => {
    const lines = renderTerminal(sampleReport(), { env: NO_ENV }).split('\n');
    const heads = lines.filter((l) =>
      /^ {2}(NEEDS YOUR ATTENTION|WORTH A CLOSER LOOK|WORTH NOTICING) · /.test(l),
    );
    expect(heads).toEqual([
      '  NEEDS YOUR ATTENTION · IC work as a way out of something hard',
      '  WORTH A CLOSER LOOK · IC time above your budget',
      '  WORTH A CLOSER LOOK · IC work crowding out leadership',
      '  WORTH NOTICING · Unwinding is not giving you energy',
    ]);
    const start = lines.indexOf('  NEEDS YOUR ATTENTION · IC work as a way out of something hard');
    expect(lines[start + 1]).toMatch(/^ {4}Your IC time rose to 11 h/);
    const evidence = lines.slice(start).filter((l) => l.startsWith('      - '));
    expect(evidence[0]).toBe('      - Week of Mon 17 Nov — 11 h of IC against a budget of 8 h (138%)');
    // A wrapped evidence line continues under the text, not under the dash.
    const wrapped = lines.indexOf(
      '      - Thu 30 Oct — Tough conversation with Sam about on-call load: due Fri 14',
    );
    expect(lines[wrapped + 1]).toBe('        Nov, put off twice');
  });

  it.each([
    ['the sample at 80 columns', sampleReport, 80],
    ['long names, titles and a year of weeks at 80 columns', stressReport, 80],
    ['long names at the narrowest width', stressReport, 60],
    ['the sample on a wide terminal', sampleReport, 132],
    ['an empty journal', emptyReport, 80],
  ] as const)('fits the width: %s', (_, make, width) => {
    for (const color of [false, true]) {
      const lines = screenLines(renderTerminal(make(), { width, color, env: NO_ENV }));
      const over = lines.filter((l) => cols(l) > width);
      expect(over, `lines over ${width} columns`).toEqual([]);
    }
  });

  it('is 80 columns unless told otherwise, and uses the room it is given', () => {
    const lines = screenLines(renderTerminal(sampleReport(), { env: NO_ENV }));
    expect(Math.max(...lines.map(cols))).toBeLessThanOrEqual(80);
    expect(Math.max(...lines.map(cols))).toBeGreaterThanOrEqual(76);
  });

  it.each([
    // color option, NO_COLOR, coloured?
    [undefined, undefined, false],
    [false, undefined, false],
    [true, undefined, true],
    [true, '', true], // an empty NO_COLOR does not count (no-color.org)
    [true, '1', false],
    [true, 'anything', false],
  ])('colour: option %s with NO_COLOR=%j → %s', (color, noColor, coloured) => {
    const text = renderTerminal(sampleReport(), {
      ...(color === undefined ? {} : { color }),
      env: { NO_COLOR: noColor },
    });
    expect(ANSI.test(text)).toBe(coloured);
    // Colour never changes the words.
    expect(text.replace(ANSI, '')).toBe(renderTerminal(sampleReport(), { env: NO_ENV }));
  });

  it('keeps escape sequences in user text away from the terminal', () => {
    const data = sampleReport();
    data.leader.name = 'Alex\u001b[2J\u001b]0;owned\u0007';
    data.flags[0]!.evidence[0]!.label = 'Tue 4 Nov — IC session “\u001b[31mred\u001b[0m”';
    const text = renderTerminal(data, { color: false, env: NO_ENV });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('says so when there is nothing to show', () => {
    const text = renderTerminal(emptyReport(), { env: NO_ENV });
    expect(text).toContain('No IC time was logged with a reason.');
    expect(text).toContain('No commitments were open at the end of the range.');
    expect(text).toContain('No flags for this period.');
  });

  it.each([40, 80.5, Number.NaN, 10_000])(
    'refuses a width of %s with a sentence naming the range',
    (width) => {
      const fail = () => renderTerminal(sampleReport(), { width });
      expect(fail).toThrow(AppError);
      expect(fail).toThrow(/width must be a whole number of columns from 60 to 400/);
    },
  );
});
