import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeekSummary } from '../app/week/week.js';
import { cli, initAna, tempDataDir } from '../cli/test-support/run.js';
import { PLAN_TITLE } from '../domain/present/week-plan.js';
import { LEADER_WEEK_ICS } from '../test-support/calendar.js';
import { sideScroll } from '../test-support/legibility.js';
import { launchChromium, type Served, serve, settled, shot, watch } from './test-support.js';

/**
 * The dashboard's "planned vs happened" panel on Thursday 26 November 2026, 11:00 in Berlin. Ana's
 * calendar is imported from Wednesday the 25th only, so Monday and Tuesday have none; she logged
 * two hours of IC on Tuesday, and Thursday's focus block (13:00–16:00) is still ahead. Every cell
 * of the panel is the cell `handson week` prints for the same data and clock.
 */

const NOW = '2026-11-26T10:00:00Z';

let app: Served | undefined;
let browser: Browser | undefined;
let run: ((args: string[]) => Promise<string>) | undefined;

beforeAll(async () => {
  const data = tempDataDir();
  run = async (args) => {
    const r = await cli(args, { env: { HANDSON_DATA: data, HANDSON_NOW: NOW } });
    if (r.code !== 0) throw new Error(`handson ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  await run(initAna());
  const ics = join(data, 'work.ics');
  writeFileSync(ics, LEADER_WEEK_ICS);
  await run(['import', 'ics', ics, '--from', '2026-11-25', '--to', '2026-12-31']);
  await run([
    'log',
    '--title',
    'Review the search PRD',
    '--date',
    '2026-11-24',
    '--start',
    '09:00',
    '--end',
    '11:00',
    '--reason',
    'unwind',
  ]);
  app = await serve(data, { HANDSON_NOW: NOW });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The rows of `handson week`'s plan table: day, IC cell, leadership cell (columns are 2+ spaces apart). */
function cliPlanRows(text: string): string[][] {
  const lines = text.split('\n');
  const head = lines.findIndex((l) => l.includes('IC planned / done'));
  const rows: string[][] = [];
  for (const line of lines.slice(head + 1)) {
    const cells = line.trim().split(/\s{2,}/);
    rows.push(cells);
    if (cells[0] === 'Week') break;
  }
  return rows;
}

async function pageRows(panel: Locator): Promise<string[][]> {
  const rows = await panel.locator('tbody tr').all();
  return Promise.all(
    rows.map(async (r) =>
      (await r.locator('th, td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
    ),
  );
}

describe('this week, planned vs happened, on the dashboard', () => {
  it('shows per day what `handson week` says, and "no calendar" where there is none', async () => {
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 2000 },
      timezoneId: 'Europe/Berlin',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = watch(page, app!.origin);
    await page.goto(app!.url);
    await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();
    const panel = page.getByRole('region', { name: PLAN_TITLE });
    await panel.waitFor();
    await settled(page);

    const shown = await pageRows(panel);
    const printed = cliPlanRows(await run!(['week']));
    expect(shown).toHaveLength(8);
    expect(shown).toEqual(printed);

    // What the JSON says, read cell by cell: no calendar is never zero, and planned is what is ahead.
    const week = JSON.parse(await run!(['week', '--json'])) as WeekSummary;
    const days = week.plan.days;
    expect(days.map((d) => d.calendar)).toEqual([false, false, true, true, true, true, true]);
    const cell = (date: string, column: 1 | 2) => shown[days.findIndex((d) => d.date === date)]![column];
    for (const d of days.filter((x) => !x.calendar)) {
      expect(d.leadership).toEqual({ planned: null, done: null });
      expect(cell(d.date, 2)).toBe('no calendar');
    }
    expect(days[1]!.ic).toEqual({ planned: null, done: 120 });
    expect(cell('2026-11-24', 1)).toBe('no calendar / 2 h');
    expect(days[3]).toMatchObject({ date: '2026-11-26', when: 'today', ic: { planned: 180, done: 0 } });
    expect(shown[3]).toEqual(['Thu 26 Nov (today)', '3 h / 0 h', expect.any(String)]);
    expect(week.plan.total.ic.done).toBe(120);

    // On a phone the panel wraps inside the page instead of pushing it sideways.
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await sideScroll(page)).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, '375-week-plan');

    await context.close();
    expect(problems).toEqual([]);
  }, 90_000);
});
