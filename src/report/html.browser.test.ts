import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, MISSING_CHROMIUM } from '../test-support/chromium.js';
import { renderHtml } from './html.js';
import { sampleReport } from './test-support/sample.js';

/**
 * The HTML report in a real browser: Debian's Chromium, driven by playwright-core. Checks what a
 * reader would see (every chart drawn, with a size and marks in it), that opening the file makes
 * no request but the file itself, and that a hostile title stays text. Leaves a full-page
 * screenshot in .screenshots/report.png to look at.
 */

// The browser globals the in-page functions below use. The project compiles without the DOM
// library (it is Node code), and adding it for one test would let `document` type-check everywhere.
interface Box {
  width: number;
  height: number;
}
interface DomNode {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selectors: string): DomNode | null;
  querySelectorAll(selectors: string): ArrayLike<DomNode> & Iterable<DomNode>;
  getBoundingClientRect(): Box;
  getBBox(): Box;
}
interface Style {
  fill: string;
  fillOpacity: string;
  stroke: string;
  strokeWidth: string;
  breakBefore: string;
  breakInside: string;
}
declare const document: DomNode & { getElementById(id: string): DomNode | null };
declare function getComputedStyle(node: DomNode): Style;

let browser: Browser | undefined;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handson-report-'));
  if (existsSync(CHROMIUM)) browser = await launchChromium();
}, 60_000);

/** Each test fails (not skips) without Chromium: a report nobody has seen drawn is not tested. */
function needBrowser(): Browser {
  if (!browser) throw new Error(MISSING_CHROMIUM);
  return browser;
}

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  url: string;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

async function open(name: string, html: string): Promise<Opened> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await needBrowser().newPage({ viewport: { width: 1000, height: 800 } });
  const opened: Opened = { page, url, requests: [], dialogs: [], errors: [] };
  page.on('request', (r) => opened.requests.push(r.url()));
  page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => opened.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') opened.errors.push(m.text());
  });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

interface DrawnChart {
  id: string;
  width: number;
  height: number;
  title: string;
  /** Painted paths and rects with a visible extent, outside <defs>. */
  shapes: number;
  /** Marks ECharts drew for data points (bars, line points), not axes or legend. */
  dataMarks: number;
}

function drawnCharts(page: Page): Promise<DrawnChart[]> {
  return page.evaluate(() =>
    // Only the charts shown: each has a narrow copy that a wide screen does not display.
    [...document.querySelectorAll('svg[data-chart]')]
      .filter((svg) => svg.getBoundingClientRect().width > 0)
      .map((svg) => {
        const box = svg.getBoundingClientRect();
        const painted = (el: DomNode): boolean => {
          const style = getComputedStyle(el);
          const fill = style.fill !== 'none' && style.fillOpacity !== '0';
          const stroke = style.stroke !== 'none' && Number.parseFloat(style.strokeWidth) > 0;
          return fill || stroke;
        };
        const shapes = [...svg.querySelectorAll('path, rect')].filter((el) => {
          if (el.closest('defs, clipPath, pattern')) return false;
          const b = el.getBBox();
          return (
            painted(el) && (b.width > 0 || b.height > 0) && !(b.width === box.width && el.tagName === 'rect')
          );
        });
        const labelled = svg.getAttribute('aria-labelledby');
        return {
          id: svg.getAttribute('data-chart') ?? '',
          width: box.width,
          height: box.height,
          title: labelled ? (document.getElementById(labelled)?.textContent ?? '') : '',
          shapes: shapes.length,
          dataMarks: svg.querySelectorAll('[ecmeta_ssr_type="chart"]').length,
        };
      }),
  );
}

describe('the HTML report in Chromium', () => {
  it('draws every chart, loads nothing but the file, and leaves a screenshot', async () => {
    const data = sampleReport();
    const { page, url, requests, dialogs, errors } = await open('report.html', renderHtml(data));

    const charts = await drawnCharts(page);
    const byId = new Map(charts.map((c) => [c.id, c]));
    // The five charts and one trend per metric.
    expect(charts.map((c) => c.id).sort()).toEqual(
      [
        'chart-commitments',
        'chart-focus',
        'chart-ic-share',
        'chart-ic-vs-leadership',
        'chart-reasons',
        ...data.metrics.map((_, i) => `trend-${i + 1}`),
      ].sort(),
    );
    for (const chart of charts) {
      expect(chart.width, chart.id).toBeGreaterThan(0);
      expect(chart.height, chart.id).toBeGreaterThan(0);
      expect(chart.title, chart.id).not.toBe('');
      expect(chart.shapes, chart.id).toBeGreaterThan(0);
    }
    // One bar per week and series; one point per week; one bar per reason with time.
    const weeks = data.weeks.length;
    const reasons = data.reasons.filter((r) => r.minutes > 0).length;
    expect(byId.get('chart-ic-vs-leadership')!.dataMarks).toBe(2 * weeks);
    expect(byId.get('chart-focus')!.dataMarks).toBe(2 * weeks);
    expect(byId.get('chart-ic-share')!.dataMarks).toBeGreaterThanOrEqual(weeks);
    expect(byId.get('chart-reasons')!.dataMarks).toBe(reasons);
    expect(byId.get('chart-commitments')!.dataMarks).toBeGreaterThanOrEqual(
      data.commitmentsByAge.filter((b) => b.open > 0).length,
    );
    // A full-width chart is drawn at full width on a desktop page, not shrunk to nothing.
    expect(byId.get('chart-ic-vs-leadership')!.width).toBeGreaterThan(600);

    expect(requests).toEqual([url]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);

    const shot = resolve('.screenshots/report.png');
    mkdirSync(resolve('.screenshots'), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);

    // Printed on A4 (12 mm side margins leave ~703 CSS px): each section starts a page, and each
    // chart with its table is kept whole and fits on one page (~1017 px tall between margins).
    await page.setViewportSize({ width: 703, height: 1017 });
    await page.emulateMedia({ media: 'print' });
    const print = await page.evaluate(() => ({
      sections: [...document.querySelectorAll('main > section')].map((s) => getComputedStyle(s).breakBefore),
      figures: [...document.querySelectorAll('figure[data-chart]')].map((f) => ({
        id: f.getAttribute('data-chart'),
        breakInside: getComputedStyle(f).breakInside,
        height: f.getBoundingClientRect().height,
      })),
    }));
    expect(print.sections).toEqual(['auto', 'page', 'page']);
    for (const f of print.figures) {
      expect(f.breakInside, f.id ?? '').toBe('avoid');
      expect(f.height, f.id ?? '').toBeLessThan(1017);
    }
    const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    await page.close();
  }, 60_000);

  it('shows a hostile name and titles as text: nothing runs and nothing is fetched', async () => {
    const data = sampleReport();
    data.leader.name = '<script>alert(1)</script>';
    data.reasons[0]!.title = '<img src=x onerror=alert(2)>';
    data.flags[0]!.evidence[0]!.label = '"><svg onload=alert(3)>';
    const { page, url, requests, dialogs, errors } = await open('hostile.html', renderHtml(data));

    expect(await page.textContent('h1')).toBe('<script>alert(1)</script>');
    expect(await page.locator('body').textContent()).toContain('<img src=x onerror=alert(2)>');
    expect(await page.locator('script, img, svg[onload]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
