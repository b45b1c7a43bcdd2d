import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../cli/test-support/run.js';
import { type SmallText, sideScroll, smallText } from '../test-support/legibility.js';
import {
  chartsLoaded,
  focused,
  launchChromium,
  PAGES,
  type Served,
  seedDana,
  serve,
  settled,
  shot,
  watch,
} from './test-support.js';

/**
 * The web app on a phone-sized screen and from the keyboard: at 375 px wide no page scrolls
 * sideways, nothing moves when the data arrives (cumulative layout shift under 0.1, as Chromium
 * measures it), the main navigation is reachable with Tab, and every control of the check has
 * a name. The data is seeded through the CLI so that every page has lists, charts and flags.
 */

const WIDTH = 375;
const MAX_CLS = 0.1;
/**
 * Shifts count only where they can be seen: a tall window sees most of each page at once, so a
 * jump far below the first screen counts too (the leader scrolls there while the page loads).
 */
const TALL = 3000;

let app: Served | undefined;
let browser: Browser | undefined;
let report = '';

beforeAll(async () => {
  const data = tempDataDir();
  const run = await seedDana(data, 'Waiting for the reorg news');
  await run([
    'log',
    '--title',
    'Spike search',
    '--date',
    '2026-11-26',
    '--start',
    '09:00',
    '--end',
    '13:00',
    '--reason',
    'unwind',
    '--gap',
    'The search index rebuild takes an hour and nobody owns it',
  ]);
  report = join(data, 'report.html');
  await run(['report', '--from', '2026-10-05', '--to', '2026-11-27', '--format', 'html', '--out', report]);
  app = await serve(data);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Every layout shift since the page started, as Chromium reports it, kept where the test can read it. */
function measureLayoutShift(): void {
  // Runs in the page, typed loosely: Node's own PerformanceObserver does not know layout shifts.
  type Shift = { value: number; hadRecentInput: boolean };
  type Observer = new (
    callback: (list: { getEntries(): Shift[] }) => void,
  ) => { observe(options: { type: string; buffered: boolean }): void };
  const w = globalThis as unknown as { __cls: number; PerformanceObserver: Observer };
  w.__cls = 0;
  new w.PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) w.__cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
}

/** The shift so far, read after two frames so that the last shifts have been reported. */
function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const w = globalThis as unknown as {
          __cls: number;
          requestAnimationFrame(f: () => void): void;
        };
        w.requestAnimationFrame(() => w.requestAnimationFrame(() => resolve(w.__cls)));
      }),
  );
}

async function phone(): Promise<BrowserContext> {
  const context = await browser!.newContext({ viewport: { width: WIDTH, height: TALL }, timezoneId: 'UTC' });
  await context.addInitScript(measureLayoutShift);
  // Signs this browser in once; every page after opens without the key.
  const page = await context.newPage();
  await page.goto(app!.url);
  await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();
  await page.close();
  return context;
}

describe('the web app on a 375 px screen and from the keyboard', () => {
  it('does not overflow, does not shift as data loads, and is usable from the keyboard', async () => {
    const context = await phone();
    const results: { page: string; scrollWidth: number; cls: number }[] = [];
    const legible: { page: string; small: SmallText[]; scroll: number }[] = [];
    const problems: string[] = [];

    // Every page the main navigation links to, read from the navigation itself so that a new page
    // is measured without a change here.
    const first = await context.newPage();
    await first.goto(app!.url);
    await first.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();
    // By its id: on a phone the links are behind the menu, out of the accessibility tree.
    const hashes = await first
      .locator('nav#nav a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    await first.close();
    expect(hashes.length).toBeGreaterThanOrEqual(PAGES.length);

    for (const hash of hashes) {
      const p = PAGES.find((known) => known.hash === hash) ?? {
        hash,
        name: hash.replace(/\W+/g, '-'),
        heading: undefined,
      };
      // A fresh document per page, so each page's shift is its own.
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      watch(page, app!.origin, [], problems);
      await page.goto(app!.at(p.hash));
      await page
        .getByRole('heading', { level: 1, ...(p.heading ? { name: p.heading, exact: true } : {}) })
        .waitFor();
      if (p.name === 'dashboard') {
        await page.getByRole('region', { name: 'Flags', exact: true }).getByRole('article').first().waitFor();
        // The charts load as they come into view.
        await page.getByRole('heading', { name: 'Flags', exact: true }).scrollIntoViewIfNeeded();
        await chartsLoaded(page);
        await page.evaluate(() =>
          (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
        );
      }
      await settled(page);
      const scrollWidth = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      );
      results.push({ page: p.name, scrollWidth, cls: await layoutShift(page) });
      legible.push({ page: p.name, small: await smallText(page), scroll: await sideScroll(page) });
      await shot(page, `${WIDTH}-${p.name}`);
      await page.close();
    }

    // The HTML report, opened from its file on the same phone.
    const file = await context.newPage();
    await file.goto(pathToFileURL(report).href);
    legible.push({ page: 'report.html', small: await smallText(file), scroll: await sideScroll(file) });
    await shot(file, `${WIDTH}-report`);
    await file.close();

    expect(results.filter((r) => r.scrollWidth > WIDTH)).toEqual([]);
    expect(results.filter((r) => r.cls >= MAX_CLS)).toEqual([]);
    // Every text at least 11 px, the charts' included, and no page that scrolls sideways.
    expect(legible.length).toBe(hashes.length + 1);
    expect(legible.filter((l) => l.small.length > 0 || l.scroll > 0)).toEqual([]);

    // ------------------------------------------------------------ the keyboard
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    watch(page, app!.origin, [], problems);
    await page.goto(app!.at('#/check'));
    await page.getByRole('heading', { level: 1, name: 'Check a task' }).waitFor();

    // From the top: the skip button, the name, then the menu that holds the links on a narrow screen.
    await page.keyboard.press('Tab');
    await focused(page.getByRole('button', { name: 'Skip to the page' }));
    await page.keyboard.press('Tab');
    await focused(page.getByRole('link', { name: 'Hands-on' }));
    await page.keyboard.press('Tab');
    const menu = page.getByRole('button', { name: 'Menu' });
    await focused(menu);
    await page.keyboard.press('Enter');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const p of PAGES) {
      await page.keyboard.press('Tab');
      await focused(nav.getByRole('link', { name: p.nav, exact: true }));
    }
    await page.keyboard.press('Escape');
    await focused(menu);
    await shot(page, `${WIDTH}-keyboard-menu`);

    // On a wide screen the links are there without the menu.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Check a task' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    for (const p of PAGES) {
      await page.keyboard.press('Tab');
      await focused(nav.getByRole('link', { name: p.nav, exact: true }));
    }
    // Skipping to the page lands in the main content, and the next Tab in the form.
    await page.setViewportSize({ width: WIDTH, height: 812 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Check a task' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await focused(page.getByRole('main'));
    await page.keyboard.press('Tab');
    await focused(page.getByLabel('What is the task?'));

    // Every control of the check has a name, the ones that appear as the form is filled too.
    await page.getByLabel('Who else could do it?').fill('Priya');
    await page.getByRole('checkbox', { name: 'It would help Priya grow' }).waitFor();
    await page.getByLabel('What is the task?').fill('Write the PRD for search');
    await page.getByLabel('How many hours will it take?').fill('6');
    await page.getByRole('checkbox', { name: 'Love of building' }).check();
    // Submitted from the keyboard.
    await page.getByLabel('How many hours will it take?').press('Enter');
    await page.getByRole('button', { name: 'Log this as a session' }).click();
    await page.getByRole('form', { name: 'Log a session' }).waitFor();
    const unnamed = await unnamedControls(page);
    expect(unnamed.named).toBeGreaterThan(25);
    expect(unnamed.missing).toEqual([]);
    await shot(page, `${WIDTH}-check-filled`);

    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});

/** Chromium's roles for what can be operated: its own names for date and time fields and for a summary. */
const CONTROL_ROLES = new Set([
  'button',
  'checkbox',
  'combobox',
  'link',
  'listbox',
  'radio',
  'searchbox',
  'slider',
  'spinbutton',
  'switch',
  'textbox',
  'Date',
  'InputTime',
  'DisclosureTriangle',
]);

/**
 * Chromium's own accessibility tree (over the DevTools protocol): every control it exposes, and
 * those without an accessible name — what a screen reader would announce as just "edit text".
 */
async function unnamedControls(page: Page): Promise<{ named: number; missing: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: {
      ignored: boolean;
      role?: { value: string };
      name?: { value: string };
      backendDOMNodeId?: number;
    }[];
  };
  const controls = nodes.filter((n) => !n.ignored && CONTROL_ROLES.has(String(n.role?.value)));
  const missing: string[] = [];
  for (const n of controls) {
    if (String(n.name?.value ?? '').trim() !== '') continue;
    const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: n.backendDOMNodeId! })) as {
      node: { localName: string; attributes?: string[] };
    };
    missing.push(`${n.role?.value} <${node.localName} ${(node.attributes ?? []).join(' ')}>`);
  }
  await cdp.detach();
  return { named: controls.length - missing.length, missing };
}
