import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDana, tempDataDir } from '../cli/test-support/run.js';
import { sideScroll } from '../test-support/legibility.js';
import { PEOPLE_ICS } from '../test-support/people-calendar.js';
import {
  go,
  launchChromium,
  type Served,
  seeder,
  sees,
  serve,
  settled,
  shot,
  watch,
} from './test-support.js';

/**
 * The People page on Friday 27 November 2026, with Dana's calendar from 1 November (PEOPLE_ICS):
 * Priya met on Monday the 23rd (one cancelled on the 16th, the next on the 30th), Jonas last on
 * Tuesday the 10th. Dana confirms both from the calendar, one by one; Jonas is overdue for a 1:1.
 * Lee, added by hand with a 1:1 every six weeks, reaches back before the calendar starts: unknown,
 * never "no". The page and `handson people --json` agree on who is overdue.
 */

let app: Served | undefined;
let browser: Browser | undefined;
let run: ((args: string[]) => Promise<string>) | undefined;

beforeAll(async () => {
  const data = tempDataDir();
  run = seeder(data);
  await run(initDana());
  const ics = join(data, 'work.ics');
  writeFileSync(ics, PEOPLE_ICS);
  await run(['import', 'ics', ics, '--from', '2026-11-01', '--to', '2026-12-31']);
  app = await serve(data);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** `dt` → `dd` of one person's figures. */
async function facts(page: Page, name: string): Promise<Record<string, string>> {
  const item = page.getByRole('listitem', { name, exact: true });
  const terms = await item.locator('dl.person-facts dt').allInnerTexts();
  const values = await item.locator('dl.person-facts dd').allInnerTexts();
  return Object.fromEntries(terms.map((t, i) => [t, values[i]!.replace(/\s+/g, ' ').trim()]));
}

interface Listed {
  person: { name: string };
  overdue: boolean | null;
}

describe('the People page in Chromium', () => {
  it('adds people from the calendar one by one, and says who is overdue and who is unknown', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 2000 }, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = watch(page, app!.origin, [{ method: 'POST', path: '/api/people/add', status: 400 }]);
    await page.goto(app!.url);
    await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();
    await go(page, 'People');

    const mine = page.getByRole('region', { name: 'Your people' });
    await sees(mine, 'Nobody on your list yet.');
    const fromCalendar = page.getByRole('region', { name: 'Add from calendar' });
    await sees(fromCalendar, 'Priya Sharma');
    await sees(fromCalendar, 'priya@example.com · 4 1:1s, the latest Mon 30 Nov');
    await sees(fromCalendar, 'jonas.berg@example.com · 1 1:1, the latest Tue 10 Nov');
    // Nothing is added until the leader confirms each one.
    expect(JSON.parse(await run!(['people', '--json'])).people).toEqual([]);

    await fromCalendar.getByRole('button', { name: 'Add Jonas Berg' }).click();
    await page.getByRole('listitem', { name: 'Jonas Berg', exact: true }).waitFor();
    await fromCalendar.getByRole('button', { name: 'Add Jonas Berg' }).waitFor({ state: 'detached' });
    await fromCalendar.getByRole('button', { name: 'Add Priya Sharma' }).click();
    await page.getByRole('listitem', { name: 'Priya Sharma', exact: true }).waitFor();
    await sees(fromCalendar, 'No one new: everyone you hold 1:1s with in your calendar is on your list.');

    await expect(facts(page, 'Jonas Berg')).resolves.toEqual({
      Relation: 'direct report',
      '1:1': 'every week',
      'Last 1:1': 'Tue 10 Nov, 17 days ago',
      'Next 1:1': 'none planned',
      'Missed or cancelled, last 4 weeks': 'none',
      'Open commitments': 'none',
      'Overdue for a 1:1': 'Yes',
    });
    await expect(facts(page, 'Priya Sharma')).resolves.toMatchObject({
      'Last 1:1': 'Mon 23 Nov, 4 days ago',
      'Next 1:1': 'Mon 30 Nov “1:1 Priya Sharma”',
      'Missed or cancelled, last 4 weeks': '1: cancelled Mon 16 Nov',
      'Overdue for a 1:1': 'No',
    });
    await sees(page.getByRole('listitem', { name: 'Jonas Berg', exact: true }), '1:1 overdue');

    // By hand: a bad cadence is refused beside its field; six weeks reaches before the calendar.
    const form = page.getByRole('form', { name: 'Add someone yourself' });
    await form.getByLabel('Name').fill('Lee Chen');
    await form.getByLabel('Days between 1:1s').fill('0');
    await form.getByRole('button', { name: 'Add person' }).click();
    await sees(form, 'Please check “Days between 1:1s”');
    await expect(form.getByLabel('Days between 1:1s').getAttribute('aria-invalid')).resolves.toBe('true');
    await form.getByLabel('How you work together').selectOption('other');
    await form.getByLabel('Days between 1:1s').fill('42');
    await form.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('listitem', { name: 'Lee Chen', exact: true }).waitFor();
    await expect(facts(page, 'Lee Chen')).resolves.toMatchObject({
      Relation: 'works with you',
      '1:1': 'every 6 weeks',
      'Overdue for a 1:1': 'Unknown — no calendar for part of the cadence',
    });
    await settled(page);
    await shot(page, 'people');

    // The page and the command line say the same.
    const listed = JSON.parse(await run!(['people', '--json'])).people as Listed[];
    expect(listed.map((p) => [p.person.name, p.overdue])).toEqual([
      ['Jonas Berg', true],
      ['Lee Chen', null],
      ['Priya Sharma', false],
    ]);

    // Every three weeks, Jonas is not overdue at 17 days.
    const jonas = page.getByRole('listitem', { name: 'Jonas Berg', exact: true });
    await jonas.getByRole('button', { name: 'Edit: Jonas Berg' }).click();
    await jonas.getByLabel('Days between 1:1s').fill('21');
    await jonas.getByRole('button', { name: 'Save' }).click();
    await sees(jonas, 'every 3 weeks');
    await expect(facts(page, 'Jonas Berg')).resolves.toMatchObject({ 'Overdue for a 1:1': 'No' });

    // Removed after a second question; the command line no longer lists Lee.
    const lee = page.getByRole('listitem', { name: 'Lee Chen', exact: true });
    await lee.getByRole('button', { name: 'Remove: Lee Chen' }).click();
    await lee.getByRole('button', { name: 'Yes, remove' }).click();
    await lee.waitFor({ state: 'detached' });
    const after = JSON.parse(await run!(['people', '--json'])).people as Listed[];
    expect(after.map((p) => p.person.name)).toEqual(['Jonas Berg', 'Priya Sharma']);

    // On a phone the page does not scroll sideways.
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await sideScroll(page)).toBe(0);
    await shot(page, '375-people-listed');

    await context.close();
    expect(problems).toEqual([]);
  }, 90_000);
});
