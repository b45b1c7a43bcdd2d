import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../cli/test-support/run.js';
import { LEADER_WEEK_ICS } from '../test-support/calendar.js';
import {
  type Expected,
  launchChromium,
  type Served,
  sees,
  serve,
  settled,
  shot,
  watch,
} from './test-support.js';

/**
 * The dashboard on Monday morning, as the time model's truth asks: Ana (7 reports, Berlin) sets up
 * at 08:00 on Monday 23 November 2026. Before she brings in her calendar, free time and leadership
 * say "no calendar" instead of a whole free week; after, nothing is done yet and the week's two
 * focus blocks are planned, never counted as done.
 */

const NO_PROFILE_YET: Expected[] = [{ method: 'POST', path: '/api/profile/show', status: 409 }];
const NBSP = '\u00a0';

let browser: Browser | undefined;
const servers: Served[] = [];

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.stop()));
});

describe('the week in Chromium on Monday morning', () => {
  it('shows nothing done and the focus blocks planned, and "no calendar" before there is one', async () => {
    const app = await serve(tempDataDir(), { HANDSON_NOW: '2026-11-23T07:00:00Z' });
    servers.push(app);
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 3000 },
      timezoneId: 'Europe/Berlin',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = watch(page, app.origin, NO_PROFILE_YET);

    await page.goto(app.url);
    await page.getByRole('heading', { name: 'Welcome to Hands-on' }).waitFor();
    await page.getByLabel('Your name').fill('Ana');
    await page.getByLabel('Your role').selectOption('engineering-manager');
    await page.getByLabel('People who report to you directly').fill('7');
    await page.getByLabel('Your email addresses').fill('ana@example.com');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByLabel('Working hours in a week').fill('40');
    await page.getByLabel('IC budget, in percent of your week').fill('15');
    await page.getByRole('button', { name: 'Start using Hands-on' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();

    // No calendar yet: free time and leadership are not known, and the page says so.
    const time = page.getByRole('region', { name: 'Where the time went' });
    await sees(time, 'No calendar covers this week.');
    await sees(time, 'Focus no calendar');
    const budget = page.getByRole('region', { name: 'IC time against your budget' });
    await sees(budget, `0${NBSP}h done of 6${NBSP}h`);
    await sees(budget, 'and no calendar for this week');
    await settled(page);
    await shot(page, 'monday-no-calendar');

    await page.getByRole('link', { name: 'Import' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Import' }).waitFor();
    await page.getByLabel('Choose .ics files').setInputFiles({
      name: 'work.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from(LEADER_WEEK_ICS),
    });
    await page.getByRole('button', { name: 'Import calendar' }).click();
    await sees(page.getByRole('status', { name: 'Calendar import' }), 'Imported.');

    // Monday 08:00 with a calendar: the Tuesday and Thursday focus blocks are 6 h planned, 0 h done.
    await page.getByRole('link', { name: 'Dashboard' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();
    await sees(budget, `0${NBSP}h done of 6${NBSP}h`);
    await sees(budget, `No IC time done so far this week. 6${NBSP}h more is planned in your calendar.`);
    await budget.getByRole('img', { name: /0 h done of a 6 h budget, 0%, 6 h planned/ }).waitFor();
    await sees(time, `Focus 25${NBSP}h`);
    await settled(page);
    await shot(page, 'monday-planned');

    await page.getByRole('link', { name: 'Weekly review' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Weekly review' }).waitFor();
    await sees(page.locator('dl.stats').first(), `IC planned 6${NBSP}h`);
    await shot(page, 'monday-review');

    await context.close();
    expect(problems).toEqual([]);
  });
});
